import Stripe from 'stripe';
import { stripeId } from './chaos-kit.js';

/** A user's Stripe customer and subscription. */
export interface StripeMember {
  readonly userId: string;
  readonly customer: string;
  readonly subscription: string;
}

export const newMember = (userId: string): StripeMember => ({ userId, customer: stripeId('cus'), subscription: stripeId('sub') });

const event = (type: string, created: number, object: Record<string, unknown>) => ({
  id: stripeId('evt'),
  object: 'event',
  type,
  created,
  api_version: Stripe.API_VERSION,
  livemode: false,
  pending_webhooks: 1,
  request: { id: null, idempotency_key: null },
  data: { object },
});

export type StripeEvent = ReturnType<typeof event>;

const subscription = (member: StripeMember, status: string) => ({
  id: member.subscription,
  object: 'subscription',
  status,
  customer: member.customer,
  metadata: { userId: member.userId, planId: 'pro' },
  items: {
    object: 'list',
    data: [
      {
        id: stripeId('si'),
        object: 'subscription_item',
        price: { id: 'price_local_pro', object: 'price' },
        current_period_end: Math.floor(Date.now() / 1000) + 30 * 86_400,
      },
    ],
  },
  cancel_at_period_end: false,
});

/** The events Stripe sends as a subscription lives, each as the state it means. */
export const checkoutCompleted = (member: StripeMember, created: number) =>
  event('checkout.session.completed', created, completedCheckoutSession(member, stripeId('cs')));

/** The paid checkout session of a member's subscription, as `checkout.session.completed` carries it (the tests' events too). */
export const completedCheckoutSession = (
  member: StripeMember,
  id: string,
  metadata: Record<string, string> = { userId: member.userId, planId: 'pro' },
) => ({
  id,
  object: 'checkout.session',
  mode: 'subscription',
  status: 'complete',
  payment_status: 'paid',
  client_reference_id: member.userId,
  customer: member.customer,
  subscription: member.subscription,
  metadata,
});

export const subscriptionUpdated = (member: StripeMember, status: 'active' | 'past_due', created: number) =>
  event('customer.subscription.updated', created, subscription(member, status));

export const subscriptionDeleted = (member: StripeMember, created: number) =>
  event('customer.subscription.deleted', created, {
    ...subscription(member, 'canceled'),
    cancellation_details: { reason: 'cancellation_requested' },
  });

export const invoicePaymentFailed = (member: StripeMember, created: number) =>
  event('invoice.payment_failed', created, renewalInvoice(member, stripeId('in'), 'pro', 'prod_local'));

/** A member's subscription renewal invoice (billing_reason subscription_cycle) for `planId`, as invoice events carry it. */
export const renewalInvoice = (member: StripeMember, id: string, planId: string, product: string) => ({
  id,
  object: 'invoice',
  customer: member.customer,
  billing_reason: 'subscription_cycle',
  parent: {
    type: 'subscription_details',
    subscription_details: { subscription: member.subscription, metadata: { userId: member.userId, planId } },
  },
  lines: {
    object: 'list',
    data: [{ pricing: { type: 'price_details', price_details: { price: `price_local_${planId}`, product } } }],
  },
});
