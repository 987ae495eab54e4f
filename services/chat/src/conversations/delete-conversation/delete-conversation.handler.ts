import { Controller, Inject } from '@nestjs/common';
import { DeleteConversationContract } from '@tasksensei/contracts';
import { Handles, requireUser, type RequestContext } from '@tasksensei/platform';
import { DeleteConversationUseCase } from './delete-conversation.usecase.js';

@Controller()
export class DeleteConversationHandler {
  constructor(@Inject(DeleteConversationUseCase) private readonly useCase: DeleteConversationUseCase) {}

  @Handles(DeleteConversationContract)
  delete(request: { conversationId: string }, context: RequestContext): Promise<{ deleted: boolean }> {
    return this.useCase.execute(requireUser(context), request.conversationId);
  }
}
