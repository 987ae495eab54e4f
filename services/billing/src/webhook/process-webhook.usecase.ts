import type { Plan } from '@tasksensei/contracts';
import type { Clock, Logger } from '@tasksensei/platform';
import type { DeliverOutboxEntryUseCase } from '../outbox/deliver-outbox-entry.usecase.js';
import { outboxEntryOf } from '../outbox/membership-bus.js';
import type { OutboxStore } from '../outbox/outbox.store.js';
import type { BillingMetrics } from '../shared/billing-metrics.js';
import type { PaymentProvider } from '../stripe/payment-provider.js';
import type { WebhookVerifier } from '../stripe/webhook-verifier.js';
import type { SubscriptionStore } from '../subscriptions/subscription.store.js';
import type { EventLogStore } from './event-log.repository.js';
import { interpretStripeEvent, isActedOn, referencesOf } from './interpret-stripe-event.js';
import type { StripeEvent } from './stripe-shapes.js';

export interface WebhookResult {
  readonly received: true;
  readonly duplicate?: boolean;
}

/**
 * `POST /webhook`. In order, each step safe to repeat after a crash at any point:
 * 1. verify signature and timestamp (400 and nothing recorded when they fail);
 * 2. interpret the event (re-fetching the subscription from Stripe with a real key);
 * 3. write the outbox entry, conditionally (one per Stripe event id): this one write is both the
 *    dedupe (a repeat finds it and is acknowledged) and the durable intent;
 * 4. apply the state (conditional on the order key: per-user order) and publish the entry
 *    inline; whatever fails here the relay finishes from the outbox.
 * An event billing ignores is recorded, conditionally too, in the event log instead.
 * DynamoDB Local (dynalite) has no TransactWriteItems: the single conditional put of step 3 is
 * what makes the dedupe and the intent one atomic fact, and everything after it is redone from it.
 * Two writes per accepted event (the entry, the state), none read back: a repeat costs one
 * failed conditional put.
 */
export class ProcessWebhookUseCase {
  constructor(
    private readonly deps: {
      readonly verifier: WebhookVerifier;
      readonly eventLog: EventLogStore;
      readonly outbox: OutboxStore;
      readonly subscriptions: SubscriptionStore;
      readonly deliver: DeliverOutboxEntryUseCase;
      readonly provider: PaymentProvider;
      /** Users whose account was deleted: their events are acknowledged, never applied (nor logged with their id). */
      readonly erased?: { isErased(userId: string): Promise<boolean> };
      readonly plans: readonly Plan[];
      readonly clock: Clock;
      readonly logger: Logger;
      readonly metrics?: BillingMetrics;
    },
  ) {}

  async execute(payload: Buffer, signature: string | undefined): Promise<WebhookResult> {
    const { logger } = this.deps;
    let event: StripeEvent;
    try {
      event = this.deps.verifier.verify(payload, signature);
    } catch (error) {
      this.deps.metrics?.webhooks.inc({ outcome: 'invalid' });
      throw error;
    }
    if (!isActedOn(event)) return this.ignore(event, 'not an event billing acts on');

    const refs = referencesOf(event);
    if ('unreadable' in refs) {
      logger.error({ eventId: event.id, type: event.type, unreadable: refs.unreadable }, 'a signed Stripe event billing cannot read');
      return this.ignore(event, `unreadable ${refs.unreadable}`);
    }
    const userId = refs.userId ?? (refs.customerId ? await this.deps.subscriptions.userForCustomer(refs.customerId) : undefined);
    if (!userId) return this.ignore(event, 'no TaskSensei user in the event');
    // The cancellation of an erased user's subscription comes back as a webhook: nothing to bring back.
    if (await this.deps.erased?.isErased(userId)) return this.ignore(event, 'the account was deleted');
    const truth = refs.subscriptionId ? await this.deps.provider.currentSubscription(refs.subscriptionId) : undefined;
    const interpretation = interpretStripeEvent(event, { userId, plans: this.deps.plans, ...(truth ? { truth } : {}) });
    if (interpretation.kind === 'ignored') return this.ignore(event, interpretation.reason, userId);

    const now = this.deps.clock.now();
    const entry = { ...outboxEntryOf(interpretation.change, now), stripeEventType: event.type };
    if (!(await this.deps.outbox.add(entry))) return this.duplicate(event);
    this.deps.metrics?.webhooks.inc({ outcome: 'accepted' });
    try {
      const outcome = await this.deps.deliver.execute(entry);
      this.deps.metrics?.outbox.inc({ via: 'inline', outcome });
      logger.info(
        { eventId: event.id, type: event.type, userId, kind: interpretation.change.kind, tier: interpretation.change.tier, outcome },
        'stripe event applied',
      );
    } catch (error) {
      // Stripe gets its 200: the event is recorded and its outbox entry is pending, so the relay finishes it.
      logger.warn({ err: error, eventId: event.id, busEventId: entry.eventId }, 'membership change left to the outbox relay');
    }
    return { received: true };
  }

  private async ignore(event: StripeEvent, reason: string, userId?: string): Promise<WebhookResult> {
    const first = await this.deps.eventLog.record(
      { eventId: event.id, type: event.type, created: event.created, outcome: 'ignored', reason, ...(userId ? { userId } : {}) },
      this.deps.clock.now(),
    );
    if (!first) return this.duplicate(event);
    this.deps.metrics?.webhooks.inc({ outcome: 'ignored' });
    this.deps.logger.info({ eventId: event.id, type: event.type, reason }, 'stripe event acknowledged and ignored');
    return { received: true };
  }

  private duplicate(event: StripeEvent): WebhookResult {
    this.deps.metrics?.webhooks.inc({ outcome: 'duplicate' });
    this.deps.logger.debug({ eventId: event.id, type: event.type }, 'stripe event seen before; acknowledged');
    return { received: true, duplicate: true };
  }
}
