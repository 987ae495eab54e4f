import { BillingError } from '@tasksensei/contracts';
import type { PaymentProvider } from '../stripe/payment-provider.js';
import type { SubscriptionStore } from '../subscriptions/subscription.store.js';

/** `POST /billing/portal`: Stripe's customer portal for the caller's customer (locally, the local portal page). */
export class CreatePortalUseCase {
  constructor(
    private readonly subscriptions: SubscriptionStore,
    private readonly provider: PaymentProvider,
    private readonly returnUrl: string,
  ) {}

  async execute(userId: string): Promise<{ url: string }> {
    const current = await this.subscriptions.get(userId);
    if (!current?.stripeCustomerId)
      throw new BillingError('NO_BILLING_ACCOUNT', 'There is no billing account to manage yet: subscribe first (POST /checkout).');
    return this.provider.createPortalSession({ userId, customerId: current.stripeCustomerId, returnUrl: this.returnUrl });
  }
}
