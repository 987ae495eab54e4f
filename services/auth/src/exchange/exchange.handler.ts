import { Controller, Inject } from '@nestjs/common';
import { ExchangeCodeContract, type TokenSet } from '@tasksensei/contracts';
import { Handles } from '@tasksensei/platform';
import { EXCHANGE } from '../auth.tokens.js';
import type { ExchangeUseCase } from './exchange.usecase.js';

@Controller()
export class ExchangeHandler {
  constructor(@Inject(EXCHANGE) private readonly exchange: ExchangeUseCase) {}

  @Handles(ExchangeCodeContract)
  handle(request: { code: string; code_verifier: string; redirect_uri: string }): Promise<TokenSet> {
    return this.exchange.execute(request);
  }
}
