import { PlanForUserContract, type PlanLimits } from '@tasksensei/contracts';
import type { NatsRequester } from '@tasksensei/platform';

export interface PlanLimitsSource {
  limitsFor(userId: string): Promise<PlanLimits>;
}

/**
 * The user's limits come from billing, asked on every upload and never cached: an upgrade (or
 * a downgrade) applies to the very next request. It costs one NATS round trip; when billing
 * does not answer, uploads fail closed (503/504) rather than guess a tier.
 */
export class BillingPlanLimits implements PlanLimitsSource {
  constructor(private readonly requester: NatsRequester) {}

  async limitsFor(userId: string): Promise<PlanLimits> {
    const { plan } = await this.requester.request(PlanForUserContract, {}, { userSub: userId });
    return plan.limits;
  }
}
