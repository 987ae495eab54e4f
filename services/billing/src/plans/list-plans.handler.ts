import { Controller, Inject } from '@nestjs/common';
import { ListPlansContract, PublicPlanSchema, type PublicPlan } from '@tasksensei/contracts';
import { Handles } from '@tasksensei/platform';
import { PriceSheet } from './price-sheet.js';

@Controller()
export class ListPlansHandler {
  private readonly publicPlans: PublicPlan[];

  constructor(@Inject(PriceSheet) sheet: PriceSheet) {
    this.publicPlans = sheet.plans.map((plan) => PublicPlanSchema.parse(plan));
  }

  @Handles(ListPlansContract)
  list(): PublicPlan[] {
    return this.publicPlans;
  }
}
