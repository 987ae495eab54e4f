import { PlanForUserContract, type PlanLimits } from '@tasksensei/contracts';
import type { Clock, NatsRequester } from '@tasksensei/platform';

export interface PlanLimitsSource {
  limitsFor(userId: string): Promise<PlanLimits>;
}

/** At most this many users' limits are kept; past it the oldest entry leaves. */
const MAX_ENTRIES = 10_000;

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
  private readonly cache = new Map<string, { readonly limits: PlanLimits; readonly at: number }>();
  private readonly inflight = new Map<string, Promise<PlanLimits>>();
  /** Bumped by `forget`: a look-up started before it does not fill the cache. */
  private readonly generations = new Map<string, number>();

  constructor(
    private readonly requester: NatsRequester,
    private readonly cacheMs: number,
    private readonly clock: Clock,
  ) {}

  limitsFor(userId: string): Promise<PlanLimits> {
    const now = this.clock.now().getTime();
    const cached = this.cache.get(userId);
    if (cached && now - cached.at < this.cacheMs) return Promise.resolve(cached.limits);
    let pending = this.inflight.get(userId);
    if (!pending) {
      pending = this.lookUp(userId, now).finally(() => this.inflight.delete(userId));
      this.inflight.set(userId, pending);
    }
    return pending;
  }

  /** The user's membership changed: the next upload reads the plan again. */
  forget(userId: string): void {
    this.cache.delete(userId);
    this.inflight.delete(userId);
    this.generations.set(userId, (this.generations.get(userId) ?? 0) + 1);
    if (this.generations.size > MAX_ENTRIES) this.generations.delete(this.generations.keys().next().value!);
  }

  private async lookUp(userId: string, now: number): Promise<PlanLimits> {
    const generation = this.generations.get(userId);
    const { plan } = await this.requester.request(PlanForUserContract, {}, { userSub: userId });
    if (this.cacheMs > 0 && this.generations.get(userId) === generation) {
      this.cache.delete(userId);
      if (this.cache.size >= MAX_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(userId, { limits: plan.limits, at: now });
    }
    return plan.limits;
  }
}
