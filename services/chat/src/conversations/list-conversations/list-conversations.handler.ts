import { Controller, Inject } from '@nestjs/common';
import { ListConversationsContract, type Conversation } from '@tasksensei/contracts';
import { Handles, requireUser, type RequestContext } from '@tasksensei/platform';
import { ListConversationsUseCase } from './list-conversations.usecase.js';

@Controller()
export class ListConversationsHandler {
  constructor(@Inject(ListConversationsUseCase) private readonly useCase: ListConversationsUseCase) {}

  @Handles(ListConversationsContract)
  list(_request: unknown, context: RequestContext): Promise<Conversation[]> {
    return this.useCase.execute(requireUser(context));
  }
}
