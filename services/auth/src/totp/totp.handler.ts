import { Controller, Inject } from '@nestjs/common';
import { MfaStatusContract, TotpDisableContract, TotpEnableContract, TotpStartContract } from '@tasksensei/contracts';
import { Handles, requireUser, type RequestContext } from '@tasksensei/platform';
import { TOTP } from '../auth.tokens.js';
import type { TotpUseCase } from './totp.usecase.js';

@Controller()
export class TotpHandler {
  constructor(@Inject(TOTP) private readonly totp: TotpUseCase) {}

  @Handles(TotpStartContract)
  start(_request: object, context: RequestContext) {
    return this.totp.start(requireUser(context));
  }

  @Handles(TotpEnableContract)
  enable(request: { code: string }, context: RequestContext) {
    return this.totp.enable(requireUser(context), request.code);
  }

  @Handles(TotpDisableContract)
  disable(request: { code: string }, context: RequestContext) {
    return this.totp.disable(requireUser(context), request.code);
  }

  @Handles(MfaStatusContract)
  status(_request: object, context: RequestContext) {
    return this.totp.status(requireUser(context));
  }
}
