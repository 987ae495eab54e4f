import { Controller, Inject } from '@nestjs/common';
import { ResumeReplyContract, type ChatEvent } from '@tasksensei/contracts';
import { Handles, requireUser, type RequestContext } from '@tasksensei/platform';
import { ResumeReplyUseCase } from './resume-reply.usecase.js';

@Controller()
export class ResumeReplyHandler {
  constructor(@Inject(ResumeReplyUseCase) private readonly useCase: ResumeReplyUseCase) {}

  @Handles(ResumeReplyContract)
  resume(request: { messageId: string; afterSeq: number }, context: RequestContext): Promise<{ found: boolean; events: ChatEvent[] }> {
    return this.useCase.execute(requireUser(context), request.messageId, request.afterSeq);
  }
}
