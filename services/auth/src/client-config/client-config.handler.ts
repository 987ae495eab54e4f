import { Controller, Inject } from '@nestjs/common';
import { AuthConfigContract, type ClientConfig } from '@tasksensei/contracts';
import { Handles } from '@tasksensei/platform';
import { GET_CLIENT_CONFIG } from '../auth.tokens.js';
import type { GetClientConfigUseCase } from './get-client-config.usecase.js';

@Controller()
export class ClientConfigHandler {
  constructor(@Inject(GET_CLIENT_CONFIG) private readonly clientConfig: GetClientConfigUseCase) {}

  @Handles(AuthConfigContract)
  get(): ClientConfig {
    return this.clientConfig.execute();
  }
}
