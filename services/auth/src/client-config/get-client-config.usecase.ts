import type { ClientConfig } from '@tasksensei/contracts';
import { BUILT_IN_CLIENT_ID, type AuthEnv } from '../config/auth.env.js';

type ClientEnv = Pick<AuthEnv, 'OIDC_ISSUER_URL' | 'OIDC_CLIENT_ID' | 'OIDC_REDIRECT_URIS' | 'OIDC_SCOPES' | 'PUBLIC_URL'>;

/** What a browser needs to start PKCE: the configured issuer, or the built-in one. */
export class GetClientConfigUseCase {
  private readonly config: ClientConfig;

  constructor(deps: { readonly env: ClientEnv }) {
    const { env } = deps;
    this.config = {
      issuer: env.OIDC_ISSUER_URL ?? `${env.PUBLIC_URL}/oidc`,
      clientId: env.OIDC_CLIENT_ID ?? BUILT_IN_CLIENT_ID,
      redirectUri: env.OIDC_REDIRECT_URIS?.[0] ?? `${env.PUBLIC_URL}/callback`,
      scopes: env.OIDC_SCOPES,
    };
  }

  execute(): ClientConfig {
    return this.config;
  }
}
