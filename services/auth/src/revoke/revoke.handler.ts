import { Controller, Inject } from '@nestjs/common';
import { RevokeContract } from '@tasksensei/contracts';
import { Handles } from '@tasksensei/platform';
import { REVOKE } from '../auth.tokens.js';
import type { RevokeUseCase } from './revoke.usecase.js';

@Controller()
export class RevokeHandler {
  constructor(@Inject(REVOKE) private readonly revoke: RevokeUseCase) {}

  @Handles(RevokeContract)
  handle(request: { refresh_token: string }): Promise<{ revoked: boolean }> {
    return this.revoke.execute(request);
  }
}
