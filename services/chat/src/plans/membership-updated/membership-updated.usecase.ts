import type { MembershipUpdated } from '@tasksensei/contracts';

/** The cache of plan limits a membership change makes stale. */
export interface CachedPlans {
  forget(userId: string): void;
}

/**
 * A user's membership changed (upgrade, cancellation, lapse): their cached plan limits are
 * dropped, so their next message reads the new plan instead of waiting out the cache time.
 */
export class MembershipUpdatedUseCase {
  constructor(private readonly plans: CachedPlans) {}

  execute(update: MembershipUpdated): void {
    this.plans.forget(update.userId);
  }
}
