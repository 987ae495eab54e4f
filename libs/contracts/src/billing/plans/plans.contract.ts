import { z } from 'zod';
import { defineRequest } from '../../common/request-contract.js';
import { Subjects } from '../../subjects.js';

/** What other services enforce for a tier; read from the plan, never hard-coded. */
export const PlanLimitsSchema = z.object({
  storageQuotaBytes: z.number().int().nonnegative(),
  maxFileSizeBytes: z.number().int().positive(),
  messagesPerDay: z.number().int().nonnegative(),
  automations: z.array(z.string().min(1)),
  /** Memories the assistant keeps per user (oldest forgotten first); no cap when absent. */
  memories: z.number().int().positive().optional(),
});
export type PlanLimits = z.infer<typeof PlanLimitsSchema>;

export const PlanSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/),
  name: z.string().min(1).max(100),
  priceCents: z.number().int().nonnegative(),
  currency: z.string().regex(/^[a-z]{3}$/),
  interval: z.enum(['month', 'year']),
  features: z.array(z.string().min(1)),
  limits: PlanLimitsSchema,
  stripePriceId: z.string().optional(),
});
export type Plan = z.infer<typeof PlanSchema>;

/** A price sheet must offer at least `free` and `pro`. */
export const PriceSheetSchema = z
  .array(PlanSchema)
  .min(2)
  .refine((plans) => ['free', 'pro'].every((id) => plans.some((p) => p.id === id)), {
    message: 'the price sheet must contain the plans "free" and "pro"',
  })
  .refine((plans) => new Set(plans.map((p) => p.id)).size === plans.length, {
    message: 'plan ids must be unique',
  });

/** The public shape drops billing-internal fields such as the Stripe price id. */
export const PublicPlanSchema = PlanSchema.omit({ stripePriceId: true });
export type PublicPlan = z.infer<typeof PublicPlanSchema>;

export const ListPlansContract = defineRequest({
  subject: Subjects.billing.plans,
  request: z.object({}).strict(),
  reply: z.array(PublicPlanSchema),
});
