import { CheckoutContract, PlanIdSchema } from '@tasksensei/contracts';
import type { NatsRequester } from '@tasksensei/platform';
import { z } from 'zod';
import type { Automation } from '../automation.js';
import { fromServiceError } from './service-failure.js';

const schema = z.object({ planId: PlanIdSchema.default('pro').describe('The plan to buy; "pro" unless the user named another.') }).strict();

/** Asks billing for a checkout URL (Stripe Checkout or the local checkout page) for the user. */
export const startUpgradeAutomation = (requester: NatsRequester): Automation<typeof schema> => ({
  name: 'start_upgrade',
  description: 'Start an upgrade to a paid plan: returns the checkout URL the user opens to pay.',
  schema,
  async run(input, context) {
    try {
      const session = await requester.request(CheckoutContract, { planId: input.planId }, { userSub: context.userId });
      return { ok: true, planId: input.planId, url: session.url, sessionId: session.sessionId };
    } catch (error) {
      return fromServiceError(error, 'billing');
    }
  },
  describe(input, result) {
    return result.ok ? `Started checkout for the ${input.planId} plan.` : `start_upgrade did not run: ${result.message}`;
  },
});
