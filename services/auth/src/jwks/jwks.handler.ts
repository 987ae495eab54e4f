import { Controller, Inject } from '@nestjs/common';
import { JwksContract } from '@tasksensei/contracts';
import { Handles } from '@tasksensei/platform';
import { GET_JWKS } from '../auth.tokens.js';
import type { GetJwksUseCase } from './get-jwks.usecase.js';

@Controller()
export class JwksHandler {
  constructor(@Inject(GET_JWKS) private readonly jwks: GetJwksUseCase) {}

  @Handles(JwksContract)
  handle() {
    return this.jwks.execute();
  }
}
