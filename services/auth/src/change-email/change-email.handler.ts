import { Controller, Inject } from '@nestjs/common';
import { ChangeEmailContract } from '@tasksensei/contracts';
import { Handles, requireUser, type RequestContext } from '@tasksensei/platform';
import { CHANGE_EMAIL } from '../auth.tokens.js';
import type { ChangeEmailUseCase } from './change-email.usecase.js';

@Controller()
export class ChangeEmailHandler {
  constructor(@Inject(CHANGE_EMAIL) private readonly changeEmail: ChangeEmailUseCase) {}

  @Handles(ChangeEmailContract)
  handle(request: { email: string; currentPassword: string }, context: RequestContext) {
    return this.changeEmail.execute(requireUser(context), request.email, request.currentPassword);
  }
}
