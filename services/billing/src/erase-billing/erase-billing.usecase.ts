import type { EventOf, UserDeletedEvent } from '@tasksensei/contracts';
import type { Clock, Logger } from '@tasksensei/platform';
import type { PaymentProvider } from '../stripe/payment-provider.js';
import { ENTITLED_STATUSES, type SubscriptionStore } from '../subscriptions/subscription.store.js';
import type { BillingErasureRepository } from './billing-erasure.repository.js';

/**
 * `user.deleted` in billing, in an order where a crash at any step is finished by the retry:
 * 1. the erasure marker, so the webhook ignores whatever Stripe sends from now on;
 * 2. the subscription is cancelled at the payment provider (Stripe, or locally the signed
 *    `customer.subscription.deleted` Stripe would send), so nothing is charged again;
 * 3. the subscription row, the pending membership changes and local checkout sessions go, and
 *    the Stripe event log forgets whose events they were.
 * Kept, because the law requires it for invoices: Stripe keeps the customer and its invoices
 * (billing never deletes them); here nothing names the user any more.
 */
export class EraseBillingUseCase {
  constructor(
    private readonly store: BillingErasureRepository,
    private readonly subscriptions: SubscriptionStore,
    private readonly provider: PaymentProvider,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  async execute(event: EventOf<typeof UserDeletedEvent>): Promise<void> {
    const { userId } = event.data;
    await this.store.markErased(userId, this.clock.now());
    const current = await this.subscriptions.get(userId);
    let cancelled = false;
    if (current?.stripeSubscriptionId && current.stripeCustomerId && ENTITLED_STATUSES.includes(current.status)) {
      await this.provider.cancelSubscription({
        userId,
        subscriptionId: current.stripeSubscriptionId,
        customerId: current.stripeCustomerId,
        tier: current.tier,
        ...(current.currentPeriodEnd ? { currentPeriodEnd: current.currentPeriodEnd } : {}),
      });
      cancelled = true;
    }
    const outbox = await this.store.deleteOutbox(userId);
    const sessions = await this.store.deleteLocalSessions(userId);
    const events = await this.store.unlinkStripeEvents(userId);
    await this.store.deleteSubscription(userId);
    this.logger.info({ userId, eventId: event.id, cancelled, outbox, sessions, events }, 'billing erased');
  }
}
