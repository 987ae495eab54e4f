import { Controller, Inject } from '@nestjs/common';
import { BillingExportDataContract, type BillingExportData } from '@tasksensei/contracts';
import { Handles, optionalString, plainJson, requireUser, type RequestContext } from '@tasksensei/platform';
import { BillingErasureRepository } from '../erase-billing/billing-erasure.repository.js';
import { DynamoSubscriptionRepository } from '../subscriptions/subscription.repository.js';

/** Membership and billing history for files' export builder (service to service). */
@Controller()
export class ExportDataHandler {
  constructor(
    @Inject(DynamoSubscriptionRepository) private readonly subscriptions: DynamoSubscriptionRepository,
    @Inject(BillingErasureRepository) private readonly history: BillingErasureRepository,
  ) {}

  @Handles(BillingExportDataContract)
  async collect(_request: unknown, context: RequestContext): Promise<BillingExportData> {
    const userId = requireUser(context);
    const [current, events, changes] = await Promise.all([
      this.subscriptions.get(userId),
      this.history.stripeEvents(userId),
      this.history.outboxEntries(userId),
    ]);
    return {
      subscription: current
        ? {
            tier: current.tier,
            status: current.status,
            updatedAt: current.updatedAt,
            ...(current.stripeCustomerId ? { stripeCustomerId: current.stripeCustomerId } : {}),
            ...(current.stripeSubscriptionId ? { stripeSubscriptionId: current.stripeSubscriptionId } : {}),
            ...(current.currentPeriodEnd ? { currentPeriodEnd: current.currentPeriodEnd } : {}),
          }
        : null,
      // Accepted events are told by their outbox entry (their dedupe); older ones by the event log too.
      stripeEvents: [...events, ...changes.filter((c) => typeof c.stripeEventType === 'string').map(acceptedEvent)]
        .filter((e, i, all) => all.findIndex((other) => other.eventId === e.eventId) === i)
        .map((e) => ({
          eventId: String(e.eventId),
          type: String(e.type),
          created: Number(e.created),
          outcome: String(e.outcome),
          ...optionalString('reason', e.reason),
          ...optionalString('receivedAt', e.receivedAt),
        }))
        .sort((a, b) => a.created - b.created),
      membershipChanges: changes
        .map((c) => ({
          eventId: String(c.eventId),
          subject: String(c.subject),
          createdAt: String(c.createdAt),
          status: String(c.status),
          change: plainJson(c.change),
        }))
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
    };
  }
}

/** The event-log view of an accepted Stripe event, from its outbox entry. */
function acceptedEvent(entry: Record<string, unknown>): Record<string, unknown> {
  const change = (entry.change ?? {}) as { sourceEventId?: string; sourceCreatedAt?: string };
  return {
    eventId: change.sourceEventId,
    type: entry.stripeEventType,
    created: Math.floor(Date.parse(String(change.sourceCreatedAt)) / 1000),
    outcome: 'accepted',
    receivedAt: entry.createdAt,
  };
}
