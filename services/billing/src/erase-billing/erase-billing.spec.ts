import { createLogger, type Logger } from '@tasksensei/platform';
import type { PaymentProvider, SubscriptionToCancel } from '../stripe/payment-provider.js';
import type { SubscriptionRecord, SubscriptionStore } from '../subscriptions/subscription.store.js';
import type { BillingErasureRepository } from './billing-erasure.repository.js';
import { EraseBillingUseCase } from './erase-billing.usecase.js';
import { fakeOf } from '../../../../test/support/fakes.js';

const NOW = new Date('2026-11-29T12:00:00Z');
const silent: Logger = createLogger('test', 'silent');
const event = (userId: string) => ({
  id: `user.deleted:${userId}`,
  type: 'user.deleted' as const,
  occurredAt: NOW.toISOString(),
  data: { userId },
});

function setup(subscription: SubscriptionRecord | undefined) {
  const steps: string[] = [];
  let row = subscription;
  const store = fakeOf<BillingErasureRepository>({
    markErased: () => Promise.resolve(void steps.push('marker')),
    deleteOutbox: () => Promise.resolve((steps.push('outbox'), 0)),
    deleteLocalSessions: () => Promise.resolve((steps.push('sessions'), 0)),
    unlinkStripeEvents: () => Promise.resolve((steps.push('events'), 0)),
    deleteSubscription: () => Promise.resolve(void (steps.push('subscription'), (row = undefined))),
  });
  const subscriptions = fakeOf<SubscriptionStore>({ get: () => Promise.resolve(row) });
  const cancelled: SubscriptionToCancel[] = [];
  const provider = fakeOf<PaymentProvider>({ cancelSubscription: (s) => Promise.resolve(void (steps.push('cancel'), cancelled.push(s))) });
  return { useCase: new EraseBillingUseCase(store, subscriptions, provider, { now: () => NOW }, silent), steps, cancelled };
}

const pro: SubscriptionRecord = {
  userId: 'u-1',
  tier: 'pro',
  status: 'active',
  stripeCustomerId: 'cus_1',
  stripeSubscriptionId: 'sub_1',
  currentPeriodEnd: '2026-12-29T12:00:00.000Z',
  sourceOrder: '1',
  sourceEventId: 'evt_1',
  updatedAt: NOW.toISOString(),
};

describe('user.deleted in billing', () => {
  it('marks the user erased before cancelling, so the cancellation Stripe sends back is ignored; the row goes last', async () => {
    const { useCase, steps, cancelled } = setup(pro);
    await useCase.execute(event('u-1'));
    expect(steps).toEqual(['marker', 'cancel', 'outbox', 'sessions', 'events', 'subscription']);
    expect(cancelled).toEqual([
      { userId: 'u-1', subscriptionId: 'sub_1', customerId: 'cus_1', tier: 'pro', currentPeriodEnd: pro.currentPeriodEnd },
    ]);
  });

  it('cancels nothing for a free or already cancelled membership, and a redelivery cancels nothing twice', async () => {
    const cancelledBefore = setup({ ...pro, status: 'canceled', tier: 'free' });
    await cancelledBefore.useCase.execute(event('u-1'));
    expect(cancelledBefore.cancelled).toEqual([]);

    const twice = setup(pro);
    await twice.useCase.execute(event('u-1'));
    await twice.useCase.execute(event('u-1'));
    expect(twice.cancelled).toHaveLength(1);
  });
});
