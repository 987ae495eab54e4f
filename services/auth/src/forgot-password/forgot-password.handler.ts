import { Controller, Inject } from '@nestjs/common';
import { ForgotPasswordContract } from '@tasksensei/contracts';
import { Handles } from '@tasksensei/platform';
import { FORGOT_PASSWORD } from '../auth.tokens.js';
import type { ForgotPasswordUseCase } from './forgot-password.usecase.js';

@Controller()
export class ForgotPasswordHandler {
  constructor(@Inject(FORGOT_PASSWORD) private readonly forgot: ForgotPasswordUseCase) {}

  /** Public: whoever knows an address may ask; only its mailbox gets the link. */
  @Handles(ForgotPasswordContract)
  handle(request: { email: string; remoteAddress?: string | undefined }) {
    return this.forgot.execute(request.email, request.remoteAddress);
  }
}
