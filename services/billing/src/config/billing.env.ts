import { DynamoEnvSchema, serviceEnvSchema, url } from '@tasksensei/platform';
import { z } from 'zod';

const optionalUrl = () =>
  url()
    .transform((u) => u.replace(/\/+$/, ''))
    .optional();

export const BillingEnvSchema = serviceEnvSchema(8085)
  .extend(DynamoEnvSchema.shape)
  .extend({
    /** The price sheet (JSON array of plans); defaults to the one shipped with the service. */
    PLANS_FILE: z.string().min(1).optional(),
    /** The gateway's external URL: checkout success/cancel pages and the local pages live under it. */
    PUBLIC_URL: url()
      .default('http://localhost:8080')
      .transform((u) => u.replace(/\/+$/, '')),
    /** Local stack data; the generated local webhook secret is kept here. */
    DATA_DIR: z.string().min(1).default('.data'),
    /** Stripe API key; required unless BILLING_LOCAL_CHECKOUT is switched on (never in production). */
    STRIPE_SECRET_KEY: z
      .string()
      .regex(/^(sk|rk)_(test|live)_[A-Za-z0-9_]{4,}$/, 'must be a Stripe secret key (sk_test_..., sk_live_... or rk_...)')
      .optional(),
    /** Explicit opt-in to the free local checkout page instead of Stripe (local stack, tests); refused in production. */
    BILLING_LOCAL_CHECKOUT: z.stringbool().default(false),
    /** Only read to refuse the local checkout in production. */
    NODE_ENV: z.string().optional(),
    /** Signing secret of the webhook endpoint; always checked. Without a Stripe key a local one is generated and kept under DATA_DIR. */
    STRIPE_WEBHOOK_SECRET: z
      .string()
      .regex(/^whsec_\S{8,}$/, 'must be a webhook signing secret (whsec_...)')
      .optional(),
    /** Stripe API endpoint override (a test double speaking Stripe's wire format). */
    STRIPE_API_HOST: z
      .string()
      .regex(/^[A-Za-z0-9.-]+$/, 'must be a host name')
      .optional(),
    STRIPE_API_PORT: z.coerce.number().int().min(1).max(65_535).optional(),
    STRIPE_API_PROTOCOL: z.enum(['http', 'https']).optional(),
    /** How old a webhook signature may be (Stripe's default is 300 s). */
    STRIPE_WEBHOOK_TOLERANCE_SECONDS: z.coerce.number().int().min(1).max(3_600).default(300),
    /** Where Stripe sends the browser after checkout / from the portal; default pages under PUBLIC_URL. */
    CHECKOUT_SUCCESS_URL: optionalUrl(),
    CHECKOUT_CANCEL_URL: optionalUrl(),
    BILLING_PORTAL_RETURN_URL: optionalUrl(),
    /** Local mode only: where the local checkout page delivers its signed events (default PUBLIC_URL/webhook). */
    STRIPE_LOCAL_WEBHOOK_URL: optionalUrl(),
    /** The outbox relay: how often it looks for events not yet on the bus, and how old they must be. */
    OUTBOX_RELAY_INTERVAL_MS: z.coerce.number().int().min(100).max(60_000).default(2_000),
    OUTBOX_RELAY_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(5_000),
  })
  .superRefine((env, ctx) => {
    // Fail closed: a missing key must never silently turn paid plans into a free local checkout.
    if (!env.STRIPE_SECRET_KEY && !env.BILLING_LOCAL_CHECKOUT) {
      ctx.addIssue({
        code: 'custom',
        path: ['STRIPE_SECRET_KEY'],
        message: 'is required (or set BILLING_LOCAL_CHECKOUT=true for the local checkout outside production)',
      });
    }
    if (!env.STRIPE_SECRET_KEY && env.BILLING_LOCAL_CHECKOUT && env.NODE_ENV === 'production') {
      ctx.addIssue({
        code: 'custom',
        path: ['BILLING_LOCAL_CHECKOUT'],
        message: 'is not allowed with NODE_ENV=production: set STRIPE_SECRET_KEY',
      });
    }
    if (env.STRIPE_SECRET_KEY && !env.STRIPE_WEBHOOK_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['STRIPE_WEBHOOK_SECRET'], message: 'is required when STRIPE_SECRET_KEY is set' });
    }
  });
export type BillingEnv = z.infer<typeof BillingEnvSchema>;
