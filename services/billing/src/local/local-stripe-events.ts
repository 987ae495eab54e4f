import type { Plan } from '@tasksensei/contracts';
import Stripe from 'stripe';
import { derivedId } from '../shared/ids.js';
import type { SubscriptionRecord } from '../subscriptions/subscription.store.js';
import { localPriceId } from '../webhook/interpret-stripe-event.js';
import type { LocalSession } from './local-session.repository.js';

/**
 * Events in Stripe's wire format (API version of the SDK), as Stripe would send them for what
 * the local pages did. Ids derive from the session, so pressing "Pay" twice is one event.
 */
const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

function envelope(id: string, type: string, now: Date, object: Record<string, unknown>) {
  return {
    id,
    object: 'event',
    api_version: Stripe.API_VERSION,
    created: seconds(now),
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: { object },
  };
}

function periodEnd(now: Date, interval: Plan['interval']): number {
  const end = new Date(now);
  if (interval === 'year') end.setUTCFullYear(end.getUTCFullYear() + 1);
  else end.setUTCMonth(end.getUTCMonth() + 1);
  return seconds(end);
}

function subscriptionObject(input: {
  id: string;
  customer: string;
  userId: string;
  plan: Pick<Plan, 'id' | 'stripePriceId'>;
  status: string;
  now: Date;
  currentPeriodEnd: number;
  extra?: Record<string, unknown>;
}) {
  return {
    id: input.id,
    object: 'subscription',
    status: input.status,
    customer: input.customer,
    metadata: { userId: input.userId, planId: input.plan.id },
    items: {
      object: 'list',
      data: [
        {
          id: derivedId('si_local_', input.id),
          object: 'subscription_item',
          quantity: 1,
          price: { id: input.plan.stripePriceId ?? localPriceId(input.plan.id), object: 'price', lookup_key: null },
          current_period_end: input.currentPeriodEnd,
        },
      ],
    },
    cancel_at_period_end: false,
    livemode: false,
    ...input.extra,
  };
}

export function checkoutCompletedEvent(session: LocalSession, plan: Plan, customer: string, now: Date) {
  const subscriptionId = derivedId('sub_local_', session.sessionId);
  const metadata = { userId: session.userId, planId: plan.id };
  return envelope(derivedId('evt_local_', session.sessionId, 'completed'), 'checkout.session.completed', now, {
    id: session.sessionId,
    object: 'checkout.session',
    mode: 'subscription',
    status: 'complete',
    payment_status: 'paid',
    client_reference_id: session.userId,
    customer,
    // Stripe sends the id; the local page sends it expanded, which carries the period end that
    // a real deployment re-fetches from the API.
    subscription: subscriptionObject({
      id: subscriptionId,
      customer,
      userId: session.userId,
      plan,
      status: 'active',
      now,
      currentPeriodEnd: periodEnd(now, plan.interval),
    }),
    metadata,
    amount_total: plan.priceCents,
    currency: plan.currency,
    success_url: session.successUrl,
    cancel_url: session.cancelUrl,
    livemode: false,
  });
}

export function subscriptionDeletedEvent(
  session: LocalSession,
  current: SubscriptionRecord & { stripeSubscriptionId: string; stripeCustomerId: string },
  plan: Pick<Plan, 'id' | 'stripePriceId'>,
  now: Date,
) {
  return envelope(
    derivedId('evt_local_', session.sessionId, current.stripeSubscriptionId, 'deleted'),
    'customer.subscription.deleted',
    now,
    {
      ...subscriptionObject({
        id: current.stripeSubscriptionId,
        customer: current.stripeCustomerId,
        userId: session.userId,
        plan,
        status: 'canceled',
        now,
        currentPeriodEnd: current.currentPeriodEnd ? seconds(new Date(current.currentPeriodEnd)) : seconds(now),
        extra: {
          canceled_at: seconds(now),
          ended_at: seconds(now),
          cancellation_details: { reason: 'cancellation_requested', comment: null, feedback: null },
        },
      }),
    },
  );
}
