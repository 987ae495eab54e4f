import type { MembershipStatus } from '@tasksensei/contracts';
import type { MembershipChange } from '../webhook/membership-change.js';

/** The membership billing last applied for a user (one row per user). */
export interface SubscriptionRecord {
  readonly userId: string;
  readonly tier: string;
  readonly status: MembershipStatus;
  readonly stripeCustomerId?: string;
  readonly stripeSubscriptionId?: string;
  readonly currentPeriodEnd?: string;
  readonly sourceOrder: string;
  readonly sourceEventId: string;
  readonly updatedAt: string;
}

export interface SubscriptionStore {
  get(userId: string): Promise<SubscriptionRecord | undefined>;
  userForCustomer(stripeCustomerId: string): Promise<string | undefined>;
  /**
   * Writes the change unless a newer one (greater order key) is stored. Applying the same
   * change again succeeds and writes the same values, so a retried delivery is harmless.
   */
  apply(change: MembershipChange, now: Date): Promise<boolean>;
}

/** A paid tier counts while Stripe still tries to collect; `canceled` falls back to free. */
export const ENTITLED_STATUSES: readonly MembershipStatus[] = ['active', 'trialing', 'past_due'];
