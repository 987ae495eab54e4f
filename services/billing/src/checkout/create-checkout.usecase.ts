import { createHash } from 'node:crypto';
import { BillingError, type CheckoutSession } from '@tasksensei/contracts';
import type { PriceSheet } from '../plans/price-sheet.js';
import type { Clock } from '@tasksensei/platform';
import type { PaymentProvider } from '../stripe/payment-provider.js';
import { ENTITLED_STATUSES, type SubscriptionStore } from '../subscriptions/subscription.store.js';

export interface RedirectUrls {
  readonly successUrl: string;
  readonly cancelUrl: string;
}

/** A double click within this window gets the same session back (the idempotency key repeats). */
const IDEMPOTENCY_WINDOW_MS = 10 * 60_000;

/**
 * `POST /checkout`: a subscription-mode Checkout Session for a paid plan. The user is both
 * `client_reference_id` and metadata (on the session and on the subscription), so every later
 * event leads back to them. A member changes or cancels in the portal instead: a second
 * subscription would bill twice.
 */
export class CreateCheckoutUseCase {
  constructor(
    private readonly sheet: PriceSheet,
    private readonly subscriptions: SubscriptionStore,
    private readonly provider: PaymentProvider,
    private readonly urls: RedirectUrls,
    private readonly clock: Clock,
  ) {}

  async execute(userId: string, planId: string): Promise<CheckoutSession> {
    const plan = this.sheet.find(planId);
    if (!plan)
      throw new BillingError('UNKNOWN_PLAN', 'The request is not valid', [{ path: 'planId', message: `there is no plan "${planId}"` }]);
    if (plan.priceCents === 0)
      throw new BillingError('PLAN_NOT_PURCHASABLE', 'The request is not valid', [
        { path: 'planId', message: `the ${plan.id} plan needs no checkout` },
      ]);

    const current = await this.subscriptions.get(userId);
    if (current && current.tier !== 'free' && ENTITLED_STATUSES.includes(current.status)) {
      throw new BillingError(
        'ALREADY_SUBSCRIBED',
        `You already have the ${current.tier} plan; change or cancel it in the billing portal (POST /billing/portal).`,
      );
    }
    const customerId = current?.stripeCustomerId;
    const window = Math.floor(this.clock.now().getTime() / IDEMPOTENCY_WINDOW_MS);
    // Every parameter that goes to Stripe is in the key: Stripe refuses a reused key with other parameters.
    const idempotencyKey = `checkout-${createHash('sha256')
      .update([userId, plan.id, customerId ?? '', this.urls.successUrl, String(window)].join('\u0000'))
      .digest('hex')
      .slice(0, 48)}`;
    return this.provider.createCheckoutSession({ userId, plan, ...(customerId ? { customerId } : {}), idempotencyKey, ...this.urls });
  }
}
