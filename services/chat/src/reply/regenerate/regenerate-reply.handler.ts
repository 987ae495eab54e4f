import { Controller, Inject } from '@nestjs/common';
import { RegenerateReplyContract, type SendMessageAck } from '@tasksensei/contracts';
import { Handles, requireUser, type RequestContext } from '@tasksensei/platform';
import { RegenerateReplyUseCase } from './regenerate-reply.usecase.js';

@Controller()
export class RegenerateReplyHandler {
  constructor(@Inject(RegenerateReplyUseCase) private readonly useCase: RegenerateReplyUseCase) {}

  @Handles(RegenerateReplyContract)
  regenerate(
    request: { conversationId: string; messageId: string; clientMessageId: string },
    context: RequestContext,
  ): Promise<SendMessageAck> {
    return this.useCase.execute(requireUser(context), request);
  }
}
