import type { ChatEvent } from '@tasksensei/contracts';

type Emit = (event: ChatEvent) => void;

/** Replies remembered per socket; older entries are dropped first (a socket follows few at once). */
const REMEMBERED = 64;

function remember<K, V>(map: Map<K, V>, key: K, value: V): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > REMEMBERED) map.delete(map.keys().next().value as K);
}

const messageIdOf = (event: ChatEvent): string | undefined => (event.event === 'reminder.due' ? undefined : event.data.messageId);

/**
 * One socket's view of the replies it follows, so that `resume` gives the client exactly what
 * it missed and then the live rest, in order and once. While a resume is answered, live events
 * of that reply are held back; then the replayed events go out, then the held ones, each token
 * only if its seq is beyond the last one sent, and a reply's end only once.
 */
export class SocketReplies {
  private readonly lastSeq = new Map<string, number>();
  private readonly ended = new Map<string, true>();
  private readonly held = new Map<string, ChatEvent[]>();

  /** A live event from the user's stream. */
  live(event: ChatEvent, emit: Emit): void {
    const messageId = messageIdOf(event);
    const held = messageId ? this.held.get(messageId) : undefined;
    if (held) held.push(event);
    else this.send(event, emit);
  }

  /** The client asks for what follows `afterSeq`: hold live events until the replay is in. */
  begin(messageId: string, afterSeq: number): void {
    this.held.set(messageId, this.held.get(messageId) ?? []);
    // The client's word decides: what it has is up to afterSeq, whatever this socket sent before.
    remember(this.lastSeq, messageId, afterSeq);
    this.ended.delete(messageId);
  }

  /** The replay (empty when it failed), then the held live events. */
  finish(messageId: string, replay: readonly ChatEvent[], emit: Emit): void {
    const held = this.held.get(messageId) ?? [];
    this.held.delete(messageId);
    const automations = new Set<string>();
    for (const event of [...replay, ...held]) {
      if (event.event === 'automation.triggered') {
        // Announced both in the replay and live while it was read: once is enough.
        const key = JSON.stringify(event.data);
        if (automations.has(key)) continue;
        automations.add(key);
      }
      this.send(event, emit);
    }
  }

  private send(event: ChatEvent, emit: Emit): void {
    const messageId = messageIdOf(event);
    if (messageId && event.event === 'message.token') {
      if (event.data.seq <= (this.lastSeq.get(messageId) ?? -1)) return;
      remember(this.lastSeq, messageId, event.data.seq);
    } else if (messageId && (event.event === 'message.completed' || event.event === 'message.error')) {
      if (this.ended.has(messageId)) return;
      remember(this.ended, messageId, true);
      // Nothing of an ended reply goes out again, unless the client resumes it.
      remember(this.lastSeq, messageId, Number.MAX_SAFE_INTEGER);
    }
    emit(event);
  }
}
