import type { ChatEvent } from '@tasksensei/contracts';
import type { ReplyLog } from './reply-log.js';

/**
 * `resume` after a reconnect: the reply's events the client has not seen, from the reply log
 * (any replica reads what any other wrote). Tokens after `afterSeq`, the automations announced
 * after the last token the client has, and the completion or error if the reply has ended.
 * Another user's reply reads as none.
 */
export class ResumeReplyUseCase {
  constructor(private readonly log: ReplyLog) {}

  async execute(userId: string, messageId: string, afterSeq: number): Promise<{ found: boolean; events: ChatEvent[] }> {
    const logged = (await this.log.read(messageId)).filter((e) => e.userId === userId);
    if (logged.length === 0) return { found: false, events: [] };
    let seen = -1;
    logged.forEach((event, i) => {
      if (event.event === 'message.token' && event.data.seq <= afterSeq) seen = i;
    });
    return { found: true, events: logged.slice(seen + 1).filter((e) => e.event !== 'message.token' || e.data.seq > afterSeq) };
  }
}
