import { Controller, Inject } from '@nestjs/common';
import { SendMessageContract, type SendMessage, type SendMessageAck } from '@tasksensei/contracts';
import { Handles, requireUser, type RequestContext } from '@tasksensei/platform';
import { SendMessageUseCase } from './send-message.usecase.js';

@Controller()
export class SendMessageHandler {
  constructor(@Inject(SendMessageUseCase) private readonly useCase: SendMessageUseCase) {}

  @Handles(SendMessageContract)
  send(request: SendMessage, context: RequestContext): Promise<SendMessageAck> {
    return this.useCase.execute(requireUser(context), request);
  }
}
