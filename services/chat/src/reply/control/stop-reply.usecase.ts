import type { StopSignal } from './stop-signal.js';

/** Stops a reply: the local runner first (no round trip), else whichever replica writes it. */
export class StopReplyUseCase {
  constructor(
    private readonly local: { stop(userId: string, messageId: string): boolean },
    private readonly signal: StopSignal,
  ) {}

  async execute(userId: string, messageId: string): Promise<{ stopped: boolean }> {
    if (this.local.stop(userId, messageId)) return { stopped: true };
    return { stopped: await this.signal.send(userId, messageId) };
  }
}
