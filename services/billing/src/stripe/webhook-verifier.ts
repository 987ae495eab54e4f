import { ErrorCode, ServiceError } from '@tasksensei/contracts';
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
    if (!signature) throw invalid('The Stripe-Signature header is missing.');
    let raw: unknown;
    try {
      raw = Stripe.webhooks.constructEvent(payload, signature, this.secret, this.toleranceSeconds);
    } catch (error) {
      if (error instanceof SyntaxError) throw invalid('The webhook body is not valid JSON.');
      if (error instanceof Error && /tolerance/i.test(error.message)) throw invalid('The webhook signature is too old (timestamp outside the tolerance).');
      throw invalid('The webhook signature does not match.');
    }
    const event = StripeEventShape.safeParse(raw);
    if (!event.success) throw invalid('The webhook body is not a Stripe event.');
    return event.data;
  }
}

const invalid = (message: string) => new ServiceError(ErrorCode.ValidationFailed, message);
