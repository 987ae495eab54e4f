import { Controller, Inject } from '@nestjs/common';
import { ResetPasswordContract } from '@tasksensei/contracts';
import { Handles } from '@tasksensei/platform';
import { RESET_PASSWORD } from '../auth.tokens.js';
import type { ResetPasswordUseCase } from './reset-password.usecase.js';

@Controller()
export class ResetPasswordHandler {
  constructor(@Inject(RESET_PASSWORD) private readonly reset: ResetPasswordUseCase) {}

  /** Public: the token is the proof. */
  @Handles(ResetPasswordContract)
  handle(request: { token: string; password: string }) {
    return this.reset.execute(request.token, request.password);
  }
}
