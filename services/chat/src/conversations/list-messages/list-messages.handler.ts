import { Controller, Inject } from '@nestjs/common';
import { ListMessagesContract, type ChatMessage } from '@tasksensei/contracts';
import { Handles, requireUser, type RequestContext } from '@tasksensei/platform';
import { ListMessagesUseCase } from './list-messages.usecase.js';

@Controller()
export class ListMessagesHandler {
  constructor(@Inject(ListMessagesUseCase) private readonly useCase: ListMessagesUseCase) {}

  @Handles(ListMessagesContract)
  list(request: { conversationId: string }, context: RequestContext): Promise<ChatMessage[]> {
    return this.useCase.execute(requireUser(context), request.conversationId);
  }
}
