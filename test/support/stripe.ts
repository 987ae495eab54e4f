import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { completedCheckoutSession, renewalInvoice } from '@tasksensei/devstack';
import Stripe from 'stripe';
import { request, type JsonResponse } from './test-stack.js';

/**
 * Stripe events as Stripe sends them (snapshot events, the SDK's API version), signed with the
 * SDK's own signer, for tests that drive billing through the public /webhook.
 */

/** The secret billing generated for the stack (no STRIPE_WEBHOOK_SECRET in tests). */
export const webhookSecretOf = (dataDir: string) => readFileSync(join(dataDir, 'billing', 'stripe-webhook-secret'), 'utf8').trim();

export const stripeId = (prefix: string) => `${prefix}_test${randomBytes(9).toString('hex')}`;
export const nowSeconds = () => Math.floor(Date.now() / 1000);

export interface StripeTestEvent {
  id: string;
  object: 'event';
  type: string;
  created: number;
  api_version: string;
  livemode: false;
  pending_webhooks: number;
  request: { id: null; idempotency_key: null };
  data: { object: Record<string, unknown> };
}

const event = (type: string, object: Record<string, unknown>, options: { id?: string; created?: number }): StripeTestEvent => ({
  id: options.id ?? stripeId('evt'),
  object: 'event',
  type,
  created: options.created ?? nowSeconds(),
  api_version: Stripe.API_VERSION,
  livemode: false,
  pending_webhooks: 1,
  request: { id: null, idempotency_key: null },
  data: { object },
});

export interface Member {
  readonly userId: string;
  readonly customer: string;
  readonly subscription: string;
}

export const newMember = (userId: string): Member => ({ userId, customer: stripeId('cus'), subscription: stripeId('sub') });

export function subscriptionObject(
  member: Member,
  options: { status: string; planId?: string; priceId?: string; periodEnd?: number; metadata?: Record<string, string> },
) {
  const planId = options.planId ?? 'pro';
  return {
    id: member.subscription,
    object: 'subscription',
    status: options.status,
    customer: member.customer,
    metadata: options.metadata ?? { userId: member.userId, planId },
    items: {
      object: 'list',
      data: [
        {
          id: stripeId('si'),
          object: 'subscription_item',
          price: { id: options.priceId ?? `price_local_${planId}`, object: 'price' },
          current_period_end: options.periodEnd ?? nowSeconds() + 30 * 86_400,
        },
      ],
    },
    cancel_at_period_end: false,
  };
}

export const checkoutCompleted = (
  member: Member,
  options: { id?: string; created?: number; planId?: string; metadata?: Record<string, string> } = {},
) =>
  event(
    'checkout.session.completed',
    completedCheckoutSession(member, stripeId('cs'), options.metadata ?? { userId: member.userId, planId: options.planId ?? 'pro' }),
    options,
  );

export const subscriptionUpdated = (
  member: Member,
  status: string,
  options: { id?: string; created?: number; planId?: string; periodEnd?: number } = {},
) => event('customer.subscription.updated', subscriptionObject(member, { status, ...options }), options);

export const subscriptionDeleted = (member: Member, options: { id?: string; created?: number; planId?: string } = {}) =>
  event(
    'customer.subscription.deleted',
    { ...subscriptionObject(member, { status: 'canceled', ...options }), cancellation_details: { reason: 'cancellation_requested' } },
    options,
  );

export const invoicePaymentFailed = (member: Member, options: { id?: string; created?: number; planId?: string } = {}) =>
  event('invoice.payment_failed', renewalInvoice(member, stripeId('in'), options.planId ?? 'pro', 'prod_x'), options);

export const otherEvent = (type: string, options: { id?: string; created?: number } = {}) =>
  event(type, { id: stripeId('obj'), object: type.split('.')[0] }, options);

export interface PostOptions {
  readonly secret: string;
  /** Signature timestamp (seconds); default now. */
  readonly timestamp?: number;
  /** Send this header instead of a valid one. */
  readonly signature?: string | null;
  readonly contentType?: string;
}

/** POSTs an event (or raw text) to /webhook the way Stripe does: the signed bytes, unchanged. */
export function postWebhook(gatewayUrl: string, body: StripeTestEvent | string, options: PostOptions): Promise<JsonResponse> {
  const payload = typeof body === 'string' ? body : JSON.stringify(body);
  const signature =
    options.signature === undefined
      ? Stripe.webhooks.generateTestHeaderString({
          payload,
          secret: options.secret,
          ...(options.timestamp ? { timestamp: options.timestamp } : {}),
        })
      : options.signature;
  return request(`${gatewayUrl}/webhook`, {
    method: 'POST',
    headers: {
      'content-type': options.contentType ?? 'application/json; charset=utf-8',
      ...(signature !== null ? { 'stripe-signature': signature } : {}),
    },
    body: payload,
  });
}
