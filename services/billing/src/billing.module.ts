import { Module, type DynamicModule } from '@nestjs/common';
import { createDynamo, dynamoCheck, type ProcessContext } from '@tasksensei/platform';
import type { BillingEnv } from './config/billing.env.js';
import { ListPlansHandler } from './plans/list-plans.handler.js';
import { PriceSheet } from './plans/price-sheet.js';

@Module({})
export class BillingModule {
  static forRoot(context: ProcessContext<BillingEnv>): DynamicModule {
    const sheet = PriceSheet.load(context.env.PLANS_FILE);
    const dynamo = createDynamo(context.env);
    context.health.register('dynamodb', dynamoCheck(dynamo));
    return {
      module: BillingModule,
      controllers: [ListPlansHandler],
      providers: [{ provide: PriceSheet, useValue: sheet }],
    };
  }
}
