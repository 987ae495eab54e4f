import type { TokenSet } from '@tasksensei/contracts';
import type { SessionUse } from '../tokens/session-use.js';
import type { TokenEndpoint } from '../tokens/token-endpoint.js';

export interface ExchangeDeps {
  readonly tokens: Pick<TokenEndpoint, 'exchangeCode'>;
  readonly sessionUse: Pick<SessionUse, 'record'>;
}

/**
 * `POST /callback` (the backend-for-frontend side of the code flow): the authorization code and
 * its PKCE verifier for tokens; the session it opens counts as used now.
 */
export class ExchangeUseCase {
  constructor(private readonly deps: ExchangeDeps) {}

  async execute(request: { code: string; code_verifier: string; redirect_uri: string }): Promise<TokenSet> {
    const tokens = await this.deps.tokens.exchangeCode({
      code: request.code,
      codeVerifier: request.code_verifier,
      redirectUri: request.redirect_uri,
    });
    return this.deps.sessionUse.record(tokens);
  }
}
