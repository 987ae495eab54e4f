import type { TokenEndpoint } from '../tokens/token-endpoint.js';

/**
 * `POST /logout`: revokes the refresh token at the issuer, which ends its grant (the built-in
 * provider's `grant.revoked` then broadcasts the session's revocation to the gateways).
 */
export class RevokeUseCase {
  constructor(private readonly deps: { readonly tokens: Pick<TokenEndpoint, 'revoke'> }) {}

  async execute(request: { refresh_token: string }): Promise<{ revoked: boolean }> {
    return { revoked: await this.deps.tokens.revoke(request.refresh_token) };
  }
}
