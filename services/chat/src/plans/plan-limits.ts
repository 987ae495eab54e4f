import { PlanForUserContract } from '@tasksensei/contracts';
import { PerUserCache, type Clock, type NatsRequester } from '@tasksensei/platform';

/** What the chat service enforces for a user, read from billing's price sheet, never hard-coded. */
export interface ChatLimits {
  readonly planId: string;
  readonly planName: string;
  readonly messagesPerDay: number;
  readonly automations: readonly string[];
  /** Pages of one PDF the assistant reads; absent: no plan cap. */
  readonly documentPagesPerFile?: number;
  /** Characters of one file the assistant reads; absent: no plan cap. */
  readonly documentCharactersPerFile?: number;
  /** Memories kept for the user (oldest forgotten first); no cap when the plan sets none. */
  readonly memories?: number;
}

export interface PlanLimits {
  limitsFor(userId: string): Promise<ChatLimits>;
}

/**
 * Billing's `plan-for-user`, cached briefly per user: every message needs the limits. A
 * membership change drops the user's entry at once (see membership-updated/), the cache time
 * bounds it should that notification be missed. When billing does not answer, the last
 * known limits are used; without any the error propagates (no limits, no guessing). Concurrent
 * misses for one user share one request.
 */
export class BillingPlanLimits implements PlanLimits {
  private readonly cache: PerUserCache<ChatLimits>;

  constructor(
    private readonly requester: NatsRequester,
    cacheMs: number,
    clock: Clock,
  ) {
    this.cache = new PerUserCache(clock, cacheMs);
  }

  async limitsFor(userId: string): Promise<ChatLimits> {
    try {
      return await this.cache.get(userId, () => this.lookUp(userId));
    } catch (error) {
      const stale = this.cache.stale(userId);
      if (stale) return stale;
      throw error;
    }
  }

  /** A membership changed: the next message reads the new plan instead of the cached one. */
  forget(userId: string): void {
    this.cache.forget(userId);
  }

  private async lookUp(userId: string): Promise<ChatLimits> {
    const { plan } = await this.requester.request(PlanForUserContract, {}, { userSub: userId });
    return {
      planId: plan.id,
      planName: plan.name,
      messagesPerDay: plan.limits.messagesPerDay,
      automations: plan.limits.automations,
      ...(plan.limits.documentPagesPerFile !== undefined ? { documentPagesPerFile: plan.limits.documentPagesPerFile } : {}),
      ...(plan.limits.documentCharactersPerFile !== undefined ? { documentCharactersPerFile: plan.limits.documentCharactersPerFile } : {}),
      ...(plan.limits.memories !== undefined ? { memories: plan.limits.memories } : {}),
    };
  }
}
