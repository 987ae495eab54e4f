import { BillingError, ServiceError } from '@tasksensei/contracts';
import type { Logger } from '@tasksensei/platform';
import Stripe from 'stripe';

/**
 * Delivers a locally made event the way Stripe does: signed with the endpoint secret by the
 * SDK's own signer, POSTed to the public /webhook, so the production path verifies and applies it.
 */
export class SignedWebhookDelivery {
  constructor(
    private readonly url: string,
    private readonly secret: string,
    private readonly logger: Logger,
  ) {}

  async deliver(event: { id: string; type: string }): Promise<void> {
    const payload = JSON.stringify(event);
    const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: this.secret });
    let lastError: unknown;
    for (let attempt = 1; attempt <= 3; attempt++) {
      try {
        const response = await fetch(this.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json; charset=utf-8',
            'stripe-signature': signature,
            'user-agent': 'TaskSensei-LocalStripe/1.0',
          },
          body: payload,
          signal: AbortSignal.timeout(10_000),
        });
        await response.body?.cancel();
        if (response.ok) return;
        if (response.status < 500)
          throw new BillingError('WEBHOOK_DELIVERY_REFUSED', `the webhook endpoint refused the local ${event.type} (${response.status})`);
        lastError = new Error(`webhook endpoint answered ${response.status}`);
      } catch (error) {
        if (error instanceof ServiceError) throw error;
        lastError = error;
      }
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
    this.logger.error({ err: lastError, eventId: event.id, url: this.url }, 'local webhook delivery failed');
    throw new BillingError('PAYMENT_NOT_CONFIRMED', 'The payment could not be confirmed; try again.');
  }
}
