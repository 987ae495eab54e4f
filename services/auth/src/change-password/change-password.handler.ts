import { Controller, Inject } from '@nestjs/common';
import { ChangePasswordContract } from '@tasksensei/contracts';
import { Handles, requireUser, type RequestContext } from '@tasksensei/platform';
import { CHANGE_PASSWORD } from '../auth.tokens.js';
import type { ChangePasswordUseCase } from './change-password.usecase.js';

@Controller()
export class ChangePasswordHandler {
  constructor(@Inject(CHANGE_PASSWORD) private readonly change: ChangePasswordUseCase) {}

  @Handles(ChangePasswordContract)
  handle(request: { currentPassword: string; newPassword: string; currentSessionId?: string | undefined }, context: RequestContext) {
    // The session of the verified assertion when the gateway signs one, else the one it named.
    return this.change.execute(
      requireUser(context),
      request.currentPassword,
      request.newPassword,
      context.sessionId ?? request.currentSessionId,
    );
  }
}
