import { Controller, Inject } from '@nestjs/common';
import { ResendVerificationContract, VerifyEmailContract } from '@tasksensei/contracts';
import { Handles, requireUser, type RequestContext } from '@tasksensei/platform';
import { RESEND_VERIFICATION, VERIFY_EMAIL } from '../auth.tokens.js';
import type { ResendVerificationUseCase, VerifyEmailUseCase } from './verify-email.usecase.js';

@Controller()
export class VerifyEmailHandler {
  constructor(
    @Inject(VERIFY_EMAIL) private readonly verify: VerifyEmailUseCase,
    @Inject(RESEND_VERIFICATION) private readonly resend: ResendVerificationUseCase,
  ) {}

  /** Public: the token is the proof, there is no caller. */
  @Handles(VerifyEmailContract)
  handleVerify(request: { token: string }) {
    return this.verify.execute(request.token);
  }

  @Handles(ResendVerificationContract)
  handleResend(_request: object, context: RequestContext) {
    return this.resend.execute(requireUser(context));
  }
}
