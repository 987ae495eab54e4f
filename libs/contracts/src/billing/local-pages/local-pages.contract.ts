import { z } from 'zod';
import { defineRequest } from '../../common/request-contract.js';
import { Subjects } from '../../subjects.js';
import { MembershipSchema } from '../../users/profile/profile.schema.js';
import { PublicPlanSchema } from '../plans/plans.contract.js';

/**
 * The local stand-ins for Stripe's hosted checkout and customer portal, used only when no
 * STRIPE_SECRET_KEY is configured. Like Stripe's, the pages are reached by an unguessable
 * session id (the browser arrives by redirect, without a bearer token).
 */
export const LocalSessionIdSchema = z.string().regex(/^(cs|bps)_local_[A-Za-z0-9]{16,64}$/, 'is not a local session id');
const BySession = z.object({ sessionId: LocalSessionIdSchema }).strict();
/** A POST from a page echoes the page's form token (CSRF), bound to the session; billing checks it. */
const FormPost = z.object({ sessionId: LocalSessionIdSchema, csrfToken: z.string().max(128).optional() }).strict();
const Redirect = z.object({ redirectUrl: z.url() });

export const LocalCheckoutViewContract = defineRequest({
  subject: Subjects.billing.localCheckoutView,
  request: BySession,
  reply: z.object({
    sessionId: z.string(),
    csrfToken: z.string(),
    status: z.enum(['open', 'complete', 'expired']),
    plan: PublicPlanSchema,
    successUrl: z.url(),
    cancelUrl: z.url(),
  }),
});

/** "Pay": billing delivers a signed `checkout.session.completed` to the public /webhook. */
export const LocalCheckoutPayContract = defineRequest({ subject: Subjects.billing.localCheckoutPay, request: FormPost, reply: Redirect });
export const LocalCheckoutCancelContract = defineRequest({
  subject: Subjects.billing.localCheckoutCancel,
  request: FormPost,
  reply: Redirect,
});

export const LocalPortalViewContract = defineRequest({
  subject: Subjects.billing.localPortalView,
  request: BySession,
  reply: z.object({
    sessionId: z.string(),
    csrfToken: z.string(),
    membership: MembershipSchema,
    plan: PublicPlanSchema,
    canCancel: z.boolean(),
    returnUrl: z.url(),
  }),
});

/** "Cancel subscription": billing delivers a signed `customer.subscription.deleted` to /webhook. */
export const LocalPortalCancelContract = defineRequest({ subject: Subjects.billing.localPortalCancel, request: FormPost, reply: Redirect });
