import type { Clock } from '@tasksensei/platform';
import { derivedId, keyedId, secretId } from '../shared/ids.js';
import type { CheckoutInput, PaymentProvider, SubscriptionToCancel } from '../stripe/payment-provider.js';
import type { StripeSubscription } from '../webhook/stripe-shapes.js';
import type { LocalSessionStore } from './local-session.repository.js';
import { subscriptionDeletedEvent } from './local-stripe-events.js';
import type { SignedWebhookDelivery } from './signed-webhook-delivery.js';

const CHECKOUT_TTL_SECONDS = 24 * 60 * 60; // as Stripe's hosted checkout
const PORTAL_TTL_SECONDS = 60 * 60;

/**
 * Stands in for Stripe without a key: sessions live in `local-sessions` and their pages are
 * served by the gateway under PUBLIC_URL. Nothing here is reachable once a key is set.
 */
export class LocalPaymentProvider implements PaymentProvider {
  readonly local = true;

  constructor(
    private readonly sessions: LocalSessionStore,
    private readonly publicUrl: string,
    private readonly clock: Clock,
    private readonly delivery?: SignedWebhookDelivery,
    /** Keys the checkout session ids: the idempotency key alone is guessable from the user id. */
    private readonly idKey: string = secretId(''),
  ) {}

  async createCheckoutSession(input: CheckoutInput): Promise<{ sessionId: string; url: string }> {
    const now = this.clock.now();
    // Like Stripe's idempotency keys: the same key gives back the same session.
    const session = await this.sessions.create({
      sessionId: keyedId('cs_local_', this.idKey, input.idempotencyKey),
      kind: 'checkout',
      userId: input.userId,
      planId: input.plan.id,
      status: 'open',
      successUrl: input.successUrl,
      cancelUrl: input.cancelUrl,
      createdAt: now.toISOString(),
      expiresAt: Math.floor(now.getTime() / 1000) + CHECKOUT_TTL_SECONDS,
    });
    return { sessionId: session.sessionId, url: `${this.publicUrl}/billing/local-checkout/${session.sessionId}` };
  }

  async createPortalSession(input: { userId: string; returnUrl: string }): Promise<{ url: string }> {
    const now = this.clock.now();
    const session = await this.sessions.create({
      sessionId: secretId('bps_local_'),
      kind: 'portal',
      userId: input.userId,
      status: 'open',
      returnUrl: input.returnUrl,
      createdAt: now.toISOString(),
      expiresAt: Math.floor(now.getTime() / 1000) + PORTAL_TTL_SECONDS,
    });
    return { url: `${this.publicUrl}/billing/local-portal/${session.sessionId}` };
  }

  /** As Stripe does after a cancellation: a signed `customer.subscription.deleted` to /webhook. */
  async cancelSubscription(subscription: SubscriptionToCancel): Promise<void> {
    if (!this.delivery) throw new Error('the local payment provider has no webhook delivery to cancel with');
    const now = this.clock.now();
    const session = {
      sessionId: derivedId('erasure_local_', subscription.subscriptionId),
      kind: 'portal' as const,
      userId: subscription.userId,
      status: 'complete' as const,
      createdAt: now.toISOString(),
      expiresAt: Math.floor(now.getTime() / 1000),
    };
    await this.delivery.deliver(
      subscriptionDeletedEvent(
        session,
        {
          userId: subscription.userId,
          tier: subscription.tier,
          status: 'active',
          stripeSubscriptionId: subscription.subscriptionId,
          stripeCustomerId: subscription.customerId,
          ...(subscription.currentPeriodEnd ? { currentPeriodEnd: subscription.currentPeriodEnd } : {}),
          sourceOrder: '',
          sourceEventId: '',
          updatedAt: now.toISOString(),
        },
        { id: subscription.tier },
        now,
      ),
    );
  }

  /** Locally the event's own snapshot is the truth. */
  currentSubscription(): Promise<StripeSubscription | undefined> {
    return Promise.resolve(undefined);
  }
}
