import { BillingError } from '@tasksensei/contracts';
import type { Logger } from '@tasksensei/platform';
import Stripe from 'stripe';
import type { BillingEnv } from '../config/billing.env.js';
import { StripeSubscriptionShape, type StripeSubscription } from '../webhook/stripe-shapes.js';
import type { CheckoutInput, PaymentProvider, SubscriptionToCancel } from './payment-provider.js';

/** The Stripe SDK, pointed at STRIPE_API_HOST/PORT/PROTOCOL when set (a wire-compatible test double). */
export function createStripeClient(env: BillingEnv & { STRIPE_SECRET_KEY: string }): Stripe {
  return new Stripe(env.STRIPE_SECRET_KEY, {
    maxNetworkRetries: 1,
    timeout: 8_000,
    telemetry: false,
    appInfo: { name: 'TaskSensei billing' },
    ...(env.STRIPE_API_HOST ? { host: env.STRIPE_API_HOST } : {}),
    ...(env.STRIPE_API_PORT ? { port: env.STRIPE_API_PORT } : {}),
    ...(env.STRIPE_API_PROTOCOL ? { protocol: env.STRIPE_API_PROTOCOL } : {}),
  });
}

export class StripePaymentProvider implements PaymentProvider {
  readonly local = false;

  constructor(
    private readonly stripe: Stripe,
    private readonly logger: Logger,
  ) {}

  async createCheckoutSession(input: CheckoutInput): Promise<{ sessionId: string; url: string }> {
    if (!input.plan.stripePriceId) throw new BillingError('PLAN_NOT_PURCHASABLE', `The plan ${input.plan.id} cannot be bought online.`);
    const metadata = { userId: input.userId, planId: input.plan.id };
    const session = await this.call('create a checkout session', () =>
      this.stripe.checkout.sessions.create(
        {
          mode: 'subscription',
          line_items: [{ price: input.plan.stripePriceId!, quantity: 1 }],
          client_reference_id: input.userId,
          metadata,
          subscription_data: { metadata },
          success_url: input.successUrl,
          cancel_url: input.cancelUrl,
          ...(input.customerId ? { customer: input.customerId } : {}),
        },
        { idempotencyKey: input.idempotencyKey },
      ),
    );
    if (!session.url) throw new BillingError('PAYMENT_PROVIDER_UNAVAILABLE', 'Stripe returned a checkout session without a URL.');
    return { sessionId: session.id, url: session.url };
  }

  async createPortalSession(input: { customerId: string; returnUrl: string }): Promise<{ url: string }> {
    const session = await this.call('create a portal session', () =>
      this.stripe.billingPortal.sessions.create({ customer: input.customerId, return_url: input.returnUrl }),
    );
    return { url: session.url };
  }

  async currentSubscription(subscriptionId: string): Promise<StripeSubscription | undefined> {
    let raw: unknown;
    try {
      raw = await this.stripe.subscriptions.retrieve(subscriptionId);
    } catch (error) {
      if (error instanceof Stripe.errors.StripeInvalidRequestError && error.statusCode === 404) return undefined;
      throw this.unavailable('re-fetch a subscription', error);
    }
    const parsed = StripeSubscriptionShape.safeParse(raw);
    if (!parsed.success) throw new BillingError('PAYMENT_PROVIDER_UNAVAILABLE', 'Stripe returned a subscription billing cannot read.');
    return parsed.data;
  }

  async cancelSubscription(subscription: SubscriptionToCancel): Promise<void> {
    try {
      await this.stripe.subscriptions.cancel(subscription.subscriptionId, { invoice_now: false, prorate: false });
    } catch (error) {
      // Gone, or cancelled already (Stripe answers 400 for a cancelled one): what we wanted.
      if (
        error instanceof Stripe.errors.StripeInvalidRequestError &&
        (error.statusCode === 404 || error.code === 'resource_missing' || /cancell?ed/i.test(error.message))
      )
        return;
      throw this.unavailable('cancel a subscription', error);
    }
  }

  private async call<T>(what: string, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw this.unavailable(what, error);
    }
  }

  private unavailable(what: string, error: unknown): BillingError {
    const stripeError = error instanceof Stripe.errors.StripeError ? error : undefined;
    this.logger.error({ err: error, stripeCode: stripeError?.code, stripeRequestId: stripeError?.requestId }, `Stripe: could not ${what}`);
    return new BillingError('PAYMENT_PROVIDER_UNAVAILABLE', `The payment provider could not ${what}; try again shortly.`);
  }
}
