import type { ChatEvent } from '@tasksensei/contracts';

/**
 * A reply's events grouped before they are logged, so the log is not written per token: tokens
 * wait up to `flushMs` for the ones after them, and any other event (a tool call announced, the
 * completion, an error) goes out with the tokens before it, at once. Order within a reply is kept;
 * the first token waits like the others (the live stream does not: only the log is grouped).
 */
export class ReplyLogBuffer {
  private readonly pending = new Map<string, { events: ChatEvent[]; timer: NodeJS.Timeout }>();

  constructor(
    private readonly write: (messageId: string, events: ChatEvent[]) => void,
    private readonly flushMs: number,
  ) {}

  append(messageId: string, event: ChatEvent): void {
    const waiting = this.pending.get(messageId);
    if (event.event !== 'message.token' || this.flushMs <= 0) {
      if (waiting) this.pending.delete(messageId);
      if (waiting) clearTimeout(waiting.timer);
      this.write(messageId, [...(waiting?.events ?? []), event]);
      return;
    }
    if (waiting) {
      waiting.events.push(event);
      return;
    }
    const timer = setTimeout(() => this.flush(messageId), this.flushMs);
    timer.unref();
    this.pending.set(messageId, { events: [event], timer });
  }

  /** Logs what waits for this reply now. */
  flush(messageId: string): void {
    const waiting = this.pending.get(messageId);
    if (!waiting) return;
    this.pending.delete(messageId);
    clearTimeout(waiting.timer);
    this.write(messageId, waiting.events);
  }

  /** Logs everything that waits (a clean stop). */
  flushAll(): void {
    for (const messageId of [...this.pending.keys()]) this.flush(messageId);
  }
}
