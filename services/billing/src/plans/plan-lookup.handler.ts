import { Controller, Inject } from '@nestjs/common';
import {
  GetPlanContract,
  PlanForUserContract,
  PublicPlanSchema,
  BillingError,
  type Membership,
  type PublicPlan,
} from '@tasksensei/contracts';
import { Handles, requireUser, type RequestContext } from '@tasksensei/platform';
import { DynamoSubscriptionRepository } from '../subscriptions/subscription.repository.js';
import { ENTITLED_STATUSES, type SubscriptionStore } from '../subscriptions/subscription.store.js';
import { PriceSheet } from './price-sheet.js';

/** Limits for the services that enforce them: always read from the plan, never hard-coded per tier. */
@Controller()
export class PlanLookupHandler {
  constructor(
    @Inject(PriceSheet) private readonly sheet: PriceSheet,
    @Inject(DynamoSubscriptionRepository) private readonly subscriptions: SubscriptionStore,
  ) {}

  @Handles(GetPlanContract)
  plan({ planId }: { planId: string }): PublicPlan {
    const plan = this.sheet.find(planId);
    if (!plan) throw new BillingError('PLAN_NOT_FOUND', `There is no plan "${planId}".`);
    return PublicPlanSchema.parse(plan);
  }

  @Handles(PlanForUserContract)
  async planForUser(_request: unknown, context: RequestContext): Promise<{ plan: PublicPlan; membership: Membership }> {
    const current = await this.subscriptions.get(requireUser(context));
    const entitled = current && ENTITLED_STATUSES.includes(current.status) ? current : undefined;
    const plan = this.sheet.find(entitled?.tier ?? 'free') ?? this.sheet.find('free')!;
    const membership: Membership = entitled
      ? { tier: plan.id, status: entitled.status, ...(entitled.currentPeriodEnd ? { currentPeriodEnd: entitled.currentPeriodEnd } : {}) }
      : { tier: 'free', status: current?.status ?? 'active' };
    return { plan: PublicPlanSchema.parse(plan), membership };
  }
}
