import { BillingError } from '@tasksensei/contracts';
import Stripe from 'stripe';
import { StripeEventShape, type StripeEvent } from '../webhook/stripe-shapes.js';

/**
 * `stripe.webhooks.constructEvent` over the exact bytes Stripe sent: HMAC-SHA256 with the
 * endpoint secret and the timestamp inside the tolerance (replay protection). Anything that
 * fails is a 400 and nothing is recorded.
 */
export class WebhookVerifier {
  constructor(
    private readonly secret: string,
    private readonly toleranceSeconds: number,
  ) {}

  verify(payload: Buffer, signature: string | undefined): StripeEvent {
    if (!signature) throw invalid('WEBHOOK_SIGNATURE_INVALID', 'The Stripe-Signature header is missing.');
    let raw: unknown;
    try {
      raw = Stripe.webhooks.constructEvent(payload, signature, this.secret, this.toleranceSeconds);
    } catch (error) {
      if (error instanceof SyntaxError) throw invalid('WEBHOOK_PAYLOAD_INVALID', 'The webhook body is not valid JSON.');
      if (error instanceof Error && /tolerance/i.test(error.message))
        throw invalid('WEBHOOK_SIGNATURE_INVALID', 'The webhook signature is too old (timestamp outside the tolerance).');
      throw invalid('WEBHOOK_SIGNATURE_INVALID', 'The webhook signature does not match.');
    }
    const event = StripeEventShape.safeParse(raw);
    if (!event.success) throw invalid('WEBHOOK_PAYLOAD_INVALID', 'The webhook body is not a Stripe event.');
    return event.data;
  }
}

const invalid = (reason: 'WEBHOOK_SIGNATURE_INVALID' | 'WEBHOOK_PAYLOAD_INVALID', message: string) => new BillingError(reason, message);
