import { Controller, Inject } from '@nestjs/common';
import { AuthConfigContract, type ClientConfig } from '@tasksensei/contracts';
import { ENV, Handles } from '@tasksensei/platform';
import { BUILT_IN_CLIENT_ID, type AuthEnv } from '../config/auth.env.js';

/** What a browser needs to start PKCE: the configured issuer, or the built-in one. */
@Controller()
export class ClientConfigHandler {
  private readonly config: ClientConfig;

  constructor(@Inject(ENV) env: AuthEnv) {
    this.config = {
      issuer: env.OIDC_ISSUER_URL ?? `${env.PUBLIC_URL}/oidc`,
      clientId: env.OIDC_CLIENT_ID ?? BUILT_IN_CLIENT_ID,
      redirectUri: env.OIDC_REDIRECT_URIS?.[0] ?? `${env.PUBLIC_URL}/callback`,
      scopes: env.OIDC_SCOPES,
    };
  }

  @Handles(AuthConfigContract)
  get(): ClientConfig {
    return this.config;
  }
}
