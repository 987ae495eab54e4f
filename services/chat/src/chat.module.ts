import { Module, type DynamicModule } from '@nestjs/common';
import { createDynamo, dynamoCheck, type ProcessContext } from '@tasksensei/platform';
import type { ChatEnv } from './config/chat.env.js';
import { chromaCheck, createChroma } from './memory/chroma.client.js';

@Module({})
export class ChatModule {
  static forRoot(context: ProcessContext<ChatEnv>): DynamicModule {
    context.health
      .register('dynamodb', dynamoCheck(createDynamo(context.env)))
      .register('chroma', chromaCheck(createChroma(context.env.CHROMA_URL)));
    return { module: ChatModule };
  }
}
