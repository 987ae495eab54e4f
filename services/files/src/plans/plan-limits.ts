import { PlanForUserContract, type PlanLimits } from '@tasksensei/contracts';
import { PerUserCache, type Clock, type NatsRequester } from '@tasksensei/platform';

export interface PlanLimitsSource {
  limitsFor(userId: string): Promise<PlanLimits>;
}

/**
 * The user's limits come from billing (one NATS round trip), kept per user for `cacheMs`. A
 * membership change drops the user's entry at once: files listens to users' membership-updated
 * notification (see files.module.ts), sent once the change is stored, so the next upload asks
 * billing again; the cache time only bounds a missed notification. A look-up in flight when
 * the notification comes is not cached. When billing does not answer and nothing is cached,
 * uploads fail closed (503/504) rather than guess a tier. Concurrent misses for one user share
 * one request.
 */
export class BillingPlanLimits implements PlanLimitsSource {
  private readonly cache: PerUserCache<PlanLimits>;

  constructor(
    private readonly requester: NatsRequester,
    cacheMs: number,
    clock: Clock,
  ) {
    this.cache = new PerUserCache(clock, cacheMs);
  }

  limitsFor(userId: string): Promise<PlanLimits> {
    return this.cache.get(userId, async () => (await this.requester.request(PlanForUserContract, {}, { userSub: userId })).plan.limits);
  }

  /** The user's membership changed: the next upload reads the plan again. */
  forget(userId: string): void {
    this.cache.forget(userId);
  }
}
