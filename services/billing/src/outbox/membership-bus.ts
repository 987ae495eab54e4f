import { MembershipActivatedEvent, MembershipDeactivatedEvent, MembershipPastDueEvent, type EventOf } from '@tasksensei/contracts';
import type { EventPublisher } from '@tasksensei/platform';
import type { MembershipChange } from '../webhook/membership-change.js';
import type { OutboxEntry, OutboxSubject } from './outbox.store.js';

export interface MembershipBus {
  /** Publishes an envelope with `Nats-Msg-Id` = its id and waits for the stream's ack. */
  publish(subject: OutboxSubject, envelope: unknown): Promise<void>;
}

const CONTRACTS = {
  'membership.activated': MembershipActivatedEvent,
  'membership.deactivated': MembershipDeactivatedEvent,
  'membership.past_due': MembershipPastDueEvent,
} as const;

export class JetStreamMembershipBus implements MembershipBus {
  constructor(private readonly publisher: EventPublisher) {}

  async publish(subject: OutboxSubject, envelope: unknown): Promise<void> {
    const contract = CONTRACTS[subject];
    // EventPublisher validates the envelope against the contract: once is enough.
    await this.publisher.publish(contract, envelope as EventOf<typeof contract>);
  }
}

/** The bus event for a change: its id derives from the Stripe event's, so one Stripe event is one bus event. */
export function outboxEntryOf(change: MembershipChange, now: Date): OutboxEntry {
  const source = { sourceEventId: change.sourceEventId, sourceCreatedAt: change.sourceCreatedAt, sourceOrder: change.sourceOrder };
  const envelope = (subject: OutboxSubject, data: unknown) => ({
    id: `billing-${change.sourceEventId}`,
    type: subject,
    occurredAt: change.sourceCreatedAt,
    data,
  });
  const common = { userId: change.userId, tier: change.tier, stripeSubscriptionId: change.stripeSubscriptionId, ...source };
  // Activated and past due both describe a live subscription: its customer and paid period.
  const live = { ...common, stripeCustomerId: change.stripeCustomerId ?? '', currentPeriodEnd: change.currentPeriodEnd };
  let subject: OutboxSubject;
  let event: unknown;
  switch (change.kind) {
    case 'activated':
      subject = 'membership.activated';
      event = MembershipActivatedEvent.envelope.parse(
        envelope(subject, { ...live, status: change.status === 'trialing' ? 'trialing' : 'active' }),
      );
      break;
    case 'past_due':
      subject = 'membership.past_due';
      event = MembershipPastDueEvent.envelope.parse(envelope(subject, live));
      break;
    case 'deactivated':
      subject = 'membership.deactivated';
      event = MembershipDeactivatedEvent.envelope.parse(
        envelope(subject, { ...common, reason: change.reason ?? 'subscription_deleted', stripeCustomerId: change.stripeCustomerId }),
      );
      break;
  }
  return {
    eventId: `billing-${change.sourceEventId}`,
    subject,
    envelope: JSON.stringify(event),
    change,
    createdAt: now.toISOString(),
    status: 'recorded',
  };
}
