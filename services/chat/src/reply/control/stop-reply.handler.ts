import { Controller, Inject } from '@nestjs/common';
import { StopReplyContract } from '@tasksensei/contracts';
import { Handles, requireUser, type RequestContext } from '@tasksensei/platform';
import { StopReplyUseCase } from './stop-reply.usecase.js';

@Controller()
export class StopReplyHandler {
  constructor(@Inject(StopReplyUseCase) private readonly useCase: StopReplyUseCase) {}

  @Handles(StopReplyContract)
  stop(request: { messageId: string }, context: RequestContext): Promise<{ stopped: boolean }> {
    return this.useCase.execute(requireUser(context), request.messageId);
  }
}
