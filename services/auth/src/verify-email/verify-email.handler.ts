import { Controller, Inject } from '@nestjs/common';
import { ResendVerificationContract, VerifyEmailContract } from '@tasksensei/contracts';
import { Handles, requireUser, type RequestContext } from '@tasksensei/platform';
import { ResendVerificationUseCase, VerifyEmailUseCase } from './verify-email.usecase.js';

@Controller()
export class VerifyEmailHandler {
  constructor(
    @Inject(VerifyEmailUseCase) private readonly verify: VerifyEmailUseCase,
    @Inject(ResendVerificationUseCase) private readonly resend: ResendVerificationUseCase,
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
