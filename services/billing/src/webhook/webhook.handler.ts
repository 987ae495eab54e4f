import { Controller, Inject } from '@nestjs/common';
import { StripeWebhookContract } from '@tasksensei/contracts';
import { Handles } from '@tasksensei/platform';
import { ProcessWebhookUseCase, type WebhookResult } from './process-webhook.usecase.js';

/** The gateway forwards `POST /webhook` byte for byte (base64); Stripe is the caller, not a user. */
@Controller()
export class WebhookHandler {
  constructor(@Inject(ProcessWebhookUseCase) private readonly useCase: ProcessWebhookUseCase) {}

  @Handles(StripeWebhookContract)
  receive(request: { payload: string; signature?: string }): Promise<WebhookResult> {
    return this.useCase.execute(Buffer.from(request.payload, 'base64'), request.signature);
  }
}
