import { PlanForUserContract } from '@tasksensei/contracts';
import type { Clock, NatsRequester } from '@tasksensei/platform';

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
 * known limits are used; without any the error propagates (no limits, no guessing).
 */
export class BillingPlanLimits implements PlanLimits {
  private readonly cache = new Map<string, { limits: ChatLimits; at: number }>();

  constructor(
    private readonly requester: NatsRequester,
    private readonly cacheMs: number,
    private readonly clock: Clock,
  ) {}

  async limitsFor(userId: string): Promise<ChatLimits> {
    const now = this.clock.now().getTime();
    const cached = this.cache.get(userId);
    if (cached && now - cached.at < this.cacheMs) return cached.limits;
    try {
      const { plan } = await this.requester.request(PlanForUserContract, {}, { userSub: userId });
      const limits: ChatLimits = {
        planId: plan.id,
        planName: plan.name,
        messagesPerDay: plan.limits.messagesPerDay,
        automations: plan.limits.automations,
        ...(plan.limits.documentPagesPerFile !== undefined ? { documentPagesPerFile: plan.limits.documentPagesPerFile } : {}),
        ...(plan.limits.documentCharactersPerFile !== undefined
          ? { documentCharactersPerFile: plan.limits.documentCharactersPerFile }
          : {}),
        ...(plan.limits.memories !== undefined ? { memories: plan.limits.memories } : {}),
      };
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(userId, { limits, at: now });
      return limits;
    } catch (error) {
      if (cached) return cached.limits;
      throw error;
    }
  }

  /** A membership changed: the next message reads the new plan instead of the cached one. */
  forget(userId: string): void {
    this.cache.delete(userId);
  }
}
