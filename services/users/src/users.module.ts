import { Module, type DynamicModule } from '@nestjs/common';
import { createDynamo, dynamoCheck, type ProcessContext } from '@tasksensei/platform';
import type { UsersEnv } from './config/users.env.js';

@Module({})
export class UsersModule {
  static forRoot(context: ProcessContext<UsersEnv>): DynamicModule {
    context.health.register('dynamodb', dynamoCheck(createDynamo(context.env)));
    return { module: UsersModule };
  }
}
