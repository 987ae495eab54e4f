import { z } from 'zod';

/**
 * The parts of Stripe objects billing reads, validated rather than cast: a signed event is
 * authentic, not necessarily shaped as this code expects (API versions move fields).
 */
const Id = z.string().min(1).max(255);
const Metadata = z.record(z.string(), z.string()).nullish();
/** An expandable field: the id, or the object with its id. */
const Expandable = z.union([Id, z.looseObject({ id: Id })]);
export const idOf = (value: z.infer<typeof Expandable> | null | undefined): string | undefined =>
  value == null ? undefined : typeof value === 'string' ? value : value.id;

export const StripeSubscriptionShape = z.looseObject({
  id: Id,
  object: z.literal('subscription'),
  status: z.string(),
  customer: Expandable,
  metadata: Metadata,
  items: z
    .looseObject({
      data: z.array(
        z.looseObject({
          price: z.looseObject({ id: Id, lookup_key: z.string().nullish() }).nullish(),
          current_period_end: z.number().int().nullish(),
        }),
      ),
    })
    .nullish(),
  cancellation_details: z.looseObject({ reason: z.string().nullish() }).nullish(),
});
export type StripeSubscription = z.infer<typeof StripeSubscriptionShape>;

export const StripeCheckoutSessionShape = z.looseObject({
  id: Id,
  object: z.literal('checkout.session'),
  mode: z.string(),
  payment_status: z.string(),
  client_reference_id: z.string().nullish(),
  customer: Expandable.nullish(),
  subscription: z.union([Id, StripeSubscriptionShape]).nullish(),
  metadata: Metadata,
});

export const StripeInvoiceShape = z.looseObject({
  id: Id,
  object: z.literal('invoice'),
  customer: Expandable.nullish(),
  billing_reason: z.string().nullish(),
  parent: z
    .looseObject({
      subscription_details: z.looseObject({ subscription: Expandable, metadata: Metadata }).nullish(),
    })
    .nullish(),
  lines: z
    .looseObject({
      data: z.array(z.looseObject({ pricing: z.looseObject({ price_details: z.looseObject({ price: Expandable }).nullish() }).nullish() })),
    })
    .nullish(),
});

/** The envelope of every Stripe event (snapshot events, API v1). */
export const StripeEventShape = z.looseObject({
  // Short enough that the bus event id derived from it (`billing-<id>`) fits the envelope.
  id: z.string().min(1).max(180),
  object: z.literal('event'),
  type: z.string().min(1).max(200),
  created: z.number().int().positive(),
  data: z.looseObject({ object: z.record(z.string(), z.unknown()) }),
});
export type StripeEvent = z.infer<typeof StripeEventShape>;
