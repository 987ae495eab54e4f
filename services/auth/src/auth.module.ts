import { Module, type DynamicModule } from '@nestjs/common';
import { createDynamo, dynamoCheck, type ProcessContext } from '@tasksensei/platform';
import { ClientConfigHandler } from './client-config/client-config.handler.js';
import type { AuthEnv } from './config/auth.env.js';

@Module({})
export class AuthModule {
  static forRoot(context: ProcessContext<AuthEnv>): DynamicModule {
    context.health.register('dynamodb', dynamoCheck(createDynamo(context.env)));
    return { module: AuthModule, controllers: [ClientConfigHandler] };
  }
}
