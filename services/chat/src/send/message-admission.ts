import { ChatError, type SendMessageAck } from '@tasksensei/contracts';
import type { PlanLimits } from '../plans/plan-limits.js';
import type { ClientMessageRecord, ClientMessageStore } from './client-message.store.js';
import type { UsageStore } from './usage.store.js';

/** A claim still `pending` after this long was left by a process that died while accepting. */
const STALE_CLAIM_MS = 30_000;

export type Admission =
  { readonly kind: 'duplicate'; readonly ack: SendMessageAck } | { readonly kind: 'admitted'; readonly claim: ClientMessageRecord };

/**
 * What every message that costs a reply goes through (a new message, a regeneration): the
 * (user, clientMessageId) claim, a conditional write, so a repeat gets the first ack back and
 * nothing runs twice; then the plan's daily message limit, an atomic counter (over it:
 * RATE_LIMITED, and the claim is released so the same id may be sent again later).
 */
export class MessageAdmission {
  constructor(
    private readonly clientMessages: ClientMessageStore,
    private readonly usage: UsageStore,
    private readonly limits: PlanLimits,
  ) {}

  /**
   * `precondition`: what must hold for the message to be taken at all (its conversation exists),
   * checked while the claim is written; when it fails, a claim just taken is released and its
   * error thrown.
   */
  async admit(fresh: ClientMessageRecord, now: Date, precondition?: Promise<unknown>): Promise<Admission> {
    const { userId, clientMessageId } = fresh;
    const at = now.toISOString();
    let claim = fresh;
    precondition?.catch(() => undefined);
    const outcome = await this.clientMessages.claim(claim);
    if (precondition) {
      try {
        await precondition;
      } catch (error) {
        if (outcome.kind === 'claimed') await this.clientMessages.release(userId, clientMessageId);
        throw error;
      }
    }
    if (outcome.kind === 'duplicate') {
      const previous = outcome.record;
      const stale = previous.state === 'pending' && now.getTime() - Date.parse(previous.claimedAt) > STALE_CLAIM_MS;
      if (!stale || !(await this.clientMessages.takeOver(previous, at))) {
        return { kind: 'duplicate', ack: { conversationId: previous.conversationId, messageId: previous.messageId, duplicate: true } };
      }
      claim = { ...previous, claimedAt: at };
    }

    const day = at.slice(0, 10);
    try {
      const limits = await this.limits.limitsFor(userId);
      if (!(await this.usage.consume(userId, day, limits.messagesPerDay))) {
        const midnight = Date.parse(`${day}T00:00:00Z`) + 86_400_000;
        throw new ChatError(
          'MESSAGE_LIMIT_REACHED',
          `You have sent the ${limits.messagesPerDay} messages a day of the ${limits.planName} plan; the limit resets at 00:00 UTC. Upgrade for more.`,
          undefined,
          Math.max(1, Math.ceil((midnight - now.getTime()) / 1000)),
        );
      }
    } catch (error) {
      await this.clientMessages.release(userId, clientMessageId);
      throw error;
    }
    return { kind: 'admitted', claim };
  }

  /** The messages are written: the claim is final. */
  accept(userId: string, clientMessageId: string): Promise<void> {
    return this.clientMessages.accept(userId, clientMessageId);
  }
}
