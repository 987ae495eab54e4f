import type { Plan } from '@tasksensei/contracts';
import { interpretStripeEvent, referencesOf, type ActedOnEvent, type ActedOnType } from './interpret-stripe-event.js';

const plan = (id: string, priceCents: number, stripePriceId?: string): Plan => ({
  id,
  name: id,
  priceCents,
  currency: 'usd',
  interval: 'month',
  features: [],
  limits: { storageQuotaBytes: 1, maxFileSizeBytes: 1, messagesPerDay: 1, automations: [] },
  ...(stripePriceId ? { stripePriceId } : {}),
});
const plans = [plan('free', 0), plan('pro', 1900, 'price_pro'), plan('team', 4900, 'price_team')];

const event = (type: ActedOnType, object: Record<string, unknown>, created = 1_700_000_000, id = 'evt_1'): ActedOnEvent => ({
  id,
  object: 'event',
  type,
  created,
  data: { object },
});
const subscription = (status: string, extra: Record<string, unknown> = {}) => ({
  id: 'sub_1',
  object: 'subscription' as const,
  status,
  customer: 'cus_1',
  metadata: { userId: 'u1', planId: 'pro' },
  items: { data: [{ price: { id: 'price_pro' }, current_period_end: 1_702_592_000 }] },
  ...extra,
});
const session = (extra: Record<string, unknown> = {}) => ({
  id: 'cs_1',
  object: 'checkout.session',
  mode: 'subscription',
  payment_status: 'paid',
  client_reference_id: 'u1',
  customer: 'cus_1',
  subscription: 'sub_1',
  metadata: { userId: 'u1', planId: 'pro' },
  ...extra,
});
const interpret = (e: ActedOnEvent, truth?: ReturnType<typeof subscription>) =>
  interpretStripeEvent(e, { userId: 'u1', plans, ...(truth ? { truth } : {}) });
const change = (e: ActedOnEvent, truth?: ReturnType<typeof subscription>) => {
  const result = interpret(e, truth);
  if (result.kind !== 'change') throw new Error(`ignored: ${result.reason}`);
  return result.change;
};

describe('interpretStripeEvent', () => {
  it('activates the plan of a completed subscription checkout, with customer and subscription', () => {
    expect(change(event('checkout.session.completed', session()))).toEqual(
      expect.objectContaining({
        userId: 'u1',
        kind: 'activated',
        tier: 'pro',
        status: 'active',
        stripeCustomerId: 'cus_1',
        stripeSubscriptionId: 'sub_1',
        sourceEventId: 'evt_1',
        sourceCreatedAt: '2023-11-14T22:13:20.000Z',
      }),
    );
  });

  it.each([
    ['an unpaid (async) payment', session({ payment_status: 'unpaid' })],
    ['a one-off payment checkout', session({ mode: 'payment' })],
    ['an unknown plan', session({ metadata: { userId: 'u1', planId: 'platinum' } })],
    ['the free plan', session({ metadata: { userId: 'u1', planId: 'free' } })],
  ])('ignores a checkout with %s', (_label, object) => {
    expect(interpret(event('checkout.session.completed', object)).kind).toBe('ignored');
  });

  it('reports a checkout whose metadata and client_reference_id name different users', () => {
    expect(referencesOf(event('checkout.session.completed', session({ client_reference_id: 'u2' })))).toHaveProperty('unreadable');
  });

  it.each([
    ['active', 'activated', 'active'],
    ['trialing', 'activated', 'trialing'],
    ['past_due', 'past_due', 'past_due'],
    ['unpaid', 'past_due', 'past_due'],
    ['canceled', 'deactivated', 'canceled'],
    ['incomplete_expired', 'deactivated', 'canceled'],
  ])('maps an updated subscription in status %s to %s', (status, kind, membership) => {
    expect(change(event('customer.subscription.updated', subscription(status)))).toEqual(
      expect.objectContaining({ kind, status: membership }),
    );
  });

  it('ignores an incomplete subscription (its first payment is still open)', () => {
    expect(interpret(event('customer.subscription.updated', subscription('incomplete'))).kind).toBe('ignored');
  });

  it('follows a plan change made in the portal by the price, not the metadata set at checkout', () => {
    const changed = change(
      event(
        'customer.subscription.updated',
        subscription('active', { items: { data: [{ price: { id: 'price_team' }, current_period_end: 1_702_592_000 }] } }),
      ),
    );
    expect(changed).toEqual(expect.objectContaining({ tier: 'team', currentPeriodEnd: '2023-12-14T22:13:20.000Z' }));
  });

  it('deactivates to free when the subscription is deleted', () => {
    expect(
      change(event('customer.subscription.deleted', subscription('canceled', { cancellation_details: { reason: 'payment_failed' } }))),
    ).toEqual(
      expect.objectContaining({
        kind: 'deactivated',
        tier: 'free',
        status: 'canceled',
        reason: 'payment_failed',
        stripeCustomerId: 'cus_1',
      }),
    );
  });

  it('marks a failed renewal past_due with the plan of the invoice, and ignores the first invoice of a checkout', () => {
    const invoice = (billing_reason: string) => ({
      id: 'in_1',
      object: 'invoice',
      customer: 'cus_1',
      billing_reason,
      parent: { subscription_details: { subscription: 'sub_1', metadata: { userId: 'u1', planId: 'pro' } } },
      lines: { data: [{ pricing: { price_details: { price: 'price_team' } } }] },
    });
    expect(change(event('invoice.payment_failed', invoice('subscription_cycle')))).toEqual(
      expect.objectContaining({ kind: 'past_due', tier: 'team', status: 'past_due' }),
    );
    expect(interpret(event('invoice.payment_failed', invoice('subscription_create'))).kind).toBe('ignored');
  });

  it('lets the re-fetched subscription win over the event snapshot', () => {
    expect(change(event('checkout.session.completed', session()), subscription('past_due'))).toEqual(
      expect.objectContaining({ kind: 'past_due' }),
    );
    expect(change(event('invoice.payment_failed', { id: 'in_1', object: 'invoice' }), subscription('active'))).toEqual(
      expect.objectContaining({ kind: 'activated' }),
    );
  });

  it('orders by created, then a cancellation before anything else in the same second', () => {
    const activation = change(event('checkout.session.completed', session(), 1_700_000_000, 'evt_b'));
    const sameSecondCancel = change(event('customer.subscription.deleted', subscription('canceled'), 1_700_000_000, 'evt_a'));
    const earlierCancel = change(event('customer.subscription.deleted', subscription('canceled'), 1_699_999_999, 'evt_c'));
    expect(sameSecondCancel.sourceOrder > activation.sourceOrder).toBe(true);
    expect(earlierCancel.sourceOrder < activation.sourceOrder).toBe(true);
  });

  it('finds the user through the customer when the metadata is missing', () => {
    expect(referencesOf(event('customer.subscription.updated', subscription('active', { metadata: {} })))).toEqual({
      customerId: 'cus_1',
      subscriptionId: 'sub_1',
    });
  });
});
