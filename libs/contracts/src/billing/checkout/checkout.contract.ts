import { z } from 'zod';
import { defineRequest } from '../../common/request-contract.js';
import { Subjects } from '../../subjects.js';

export const PlanIdSchema = z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/, 'must be a plan id from GET /plans');

/** API.md `POST /checkout`: a Stripe Checkout Session (or the local checkout page) for the caller. */
export const CheckoutRequestSchema = z.object({ planId: PlanIdSchema }).strict();
export type CheckoutRequest = z.infer<typeof CheckoutRequestSchema>;

export const CheckoutSessionSchema = z.object({ sessionId: z.string().min(1), url: z.url() });
export type CheckoutSession = z.infer<typeof CheckoutSessionSchema>;

export const CheckoutContract = defineRequest({
  subject: Subjects.billing.checkout,
  request: CheckoutRequestSchema,
  reply: CheckoutSessionSchema,
});
