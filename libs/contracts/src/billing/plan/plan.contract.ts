import { z } from 'zod';
import { defineRequest } from '../../common/request-contract.js';
import { Subjects } from '../../subjects.js';
import { MembershipSchema } from '../../users/profile/profile.schema.js';
import { PlanIdSchema } from '../checkout/checkout.contract.js';
import { PublicPlanSchema } from '../plans/plans.contract.js';

/** One plan with its limits, for services that enforce them (files, chat): never hard-code a tier. */
export const GetPlanContract = defineRequest({
  subject: Subjects.billing.plan,
  request: z.object({ planId: PlanIdSchema }).strict(),
  reply: PublicPlanSchema,
});

/**
 * The plan the calling user is entitled to now (`free` without a paid membership; a
 * `past_due` member keeps the paid plan while Stripe retries). The user comes from the
 * verified caller in the NATS headers, as with every user-scoped request.
 */
export const PlanForUserContract = defineRequest({
  subject: Subjects.billing.planForUser,
  request: z.object({}).strict(),
  reply: z.object({ plan: PublicPlanSchema, membership: MembershipSchema }),
});
