import type { MembershipStatus } from '@tasksensei/contracts';

export type MembershipKind = 'activated' | 'past_due' | 'deactivated';

/** What one Stripe event means for a user's membership, before anything is written. */
export interface MembershipChange {
  readonly userId: string;
  readonly kind: MembershipKind;
  readonly tier: string;
  readonly status: MembershipStatus;
  readonly stripeCustomerId?: string;
  readonly stripeSubscriptionId?: string;
  readonly currentPeriodEnd?: string;
  readonly reason?: string;
  readonly sourceEventId: string;
  readonly sourceCreatedAt: string;
  /** membershipOrderKey(created, rank, id): the greatest key applied so far is the current state. */
  readonly sourceOrder: string;
}
