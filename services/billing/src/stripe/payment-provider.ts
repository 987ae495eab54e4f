import type { Plan } from '@tasksensei/contracts';
import type { StripeSubscription } from '../webhook/stripe-shapes.js';

export interface CheckoutInput {
  readonly userId: string;
  readonly plan: Plan;
  /** The user's Stripe customer from an earlier subscription, reused so invoices stay together. */
  readonly customerId?: string;
  readonly idempotencyKey: string;
  readonly successUrl: string;
  readonly cancelUrl: string;
}

/** Stripe, or the local stand-in when no key is configured: the rest of billing cannot tell. */
export interface PaymentProvider {
  readonly local: boolean;
  createCheckoutSession(input: CheckoutInput): Promise<{ sessionId: string; url: string }>;
  createPortalSession(input: { userId: string; customerId: string; returnUrl: string }): Promise<{ url: string }>;
  /** The subscription as it is now (re-fetched for the truth); undefined when it cannot be had (local mode). */
  currentSubscription(subscriptionId: string): Promise<StripeSubscription | undefined>;
  /**
   * Ends the subscription now (account deletion). Idempotent: one already cancelled or gone is
   * fine. Stripe then sends `customer.subscription.deleted`, as it does for any cancellation.
   */
  cancelSubscription(subscription: SubscriptionToCancel): Promise<void>;
}

export interface SubscriptionToCancel {
  readonly userId: string;
  readonly subscriptionId: string;
  readonly customerId: string;
  readonly tier: string;
  readonly currentPeriodEnd?: string;
}
