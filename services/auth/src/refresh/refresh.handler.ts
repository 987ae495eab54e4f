import { Controller, Inject } from '@nestjs/common';
import { RefreshContract, type TokenSet } from '@tasksensei/contracts';
import { Handles } from '@tasksensei/platform';
import { REFRESH } from '../auth.tokens.js';
import type { RefreshUseCase } from './refresh.usecase.js';

@Controller()
export class RefreshHandler {
  constructor(@Inject(REFRESH) private readonly refresh: RefreshUseCase) {}

  @Handles(RefreshContract)
  handle(request: { refresh_token: string }): Promise<TokenSet> {
    return this.refresh.execute(request.refresh_token);
  }
}
