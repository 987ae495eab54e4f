import { z } from 'zod';

/** Tier and status of a membership as every service sees it. */
export const MembershipStatusSchema = z.enum(['active', 'trialing', 'past_due', 'canceled']);
export type MembershipStatus = z.infer<typeof MembershipStatusSchema>;

/**
 * Where a membership event came from, so consumers can order what the bus delivers out of
 * order. `sourceOrder` is a sortable key (see membershipOrderKey); a consumer keeps the state
 * with the greatest key and ignores anything older or equal, which also makes it idempotent.
 */
export const MembershipSourceFields = {
  /** The Stripe event the change came from (`evt_...`). */
  sourceEventId: z.string().min(1).max(255).optional(),
  /** Stripe's `created` of that event. */
  sourceCreatedAt: z.iso.datetime({ offset: true }).optional(),
  sourceOrder: z.string().min(1).max(400).optional(),
};

/** A live (paid or trialing) subscription, as `membership.activated` and `membership.past_due` both describe it. */
export const LiveSubscriptionFields = {
  userId: z.string().min(1),
  tier: z.string().min(1),
  stripeCustomerId: z.string().min(1),
  stripeSubscriptionId: z.string().min(1).optional(),
  currentPeriodEnd: z.iso.datetime({ offset: true }).optional(),
};

/**
 * A key that sorts like time: Stripe's `created` (whole seconds, zero-padded), then a rank
 * that decides between events of the same second (a cancellation outranks an activation),
 * then the event id so two distinct events never tie.
 */
export function membershipOrderKey(createdSeconds: number, rank: number, eventId: string): string {
  return `${Math.max(0, Math.floor(createdSeconds)).toString().padStart(12, '0')}.${rank}.${eventId}`;
}
