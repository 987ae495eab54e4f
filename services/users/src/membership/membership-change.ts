import {
  membershipOrderKey,
  type EventOf,
  type Membership,
  type MembershipActivatedEvent,
  type MembershipDeactivatedEvent,
  type MembershipPastDueEvent,
} from '@tasksensei/contracts';

export type MembershipEvent =
  EventOf<typeof MembershipActivatedEvent> | EventOf<typeof MembershipDeactivatedEvent> | EventOf<typeof MembershipPastDueEvent>;

export interface MembershipChange {
  readonly userId: string;
  readonly membership: Membership;
  /** Sortable: the greatest order a profile has seen wins. */
  readonly order: string;
  readonly eventId: string;
}

/** What a `membership.*` event means for the profile. */
export function membershipChangeOf(event: MembershipEvent): MembershipChange {
  // Events from billing carry the Stripe event's order key; anything else is ordered by its own time.
  const order = event.data.sourceOrder ?? membershipOrderKey(Date.parse(event.occurredAt) / 1000, 0, event.id);
  const base = { userId: event.data.userId, order, eventId: event.id };
  switch (event.type) {
    case 'membership.activated':
      return {
        ...base,
        membership: withPeriod({ tier: event.data.tier, status: event.data.status ?? 'active' }, event.data.currentPeriodEnd),
      };
    case 'membership.past_due':
      return { ...base, membership: withPeriod({ tier: event.data.tier, status: 'past_due' }, event.data.currentPeriodEnd) };
    case 'membership.deactivated':
      return { ...base, membership: { tier: event.data.tier, status: 'canceled' } };
  }
}

const withPeriod = (membership: Membership, currentPeriodEnd: string | undefined): Membership =>
  currentPeriodEnd ? { ...membership, currentPeriodEnd } : membership;
