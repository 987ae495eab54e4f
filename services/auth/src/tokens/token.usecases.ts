import { AuthError, ServiceError, type TokenSet } from '@tasksensei/contracts';
import { decodeJwt } from 'jose';
import * as client from 'openid-client';
import type { SessionRepository } from '../sessions/session.repository.js';
import type { OidcClient } from './oidc-client.js';
import type { RefreshGraceRepository } from './refresh-grace.repository.js';

/**
 * The backend-for-frontend side of the code flow: exchanges, refreshes and revokes against the
 * configured issuer with openid-client, which validates the ID token (signature, iss, aud, exp).
 */
export class TokenUseCases {
  constructor(
    private readonly oidc: OidcClient,
    private readonly grace: RefreshGraceRepository,
    /** The built-in issuer's sessions: each exchange and refresh is the session being used. */
    private readonly sessions?: SessionRepository,
  ) {}

  async exchange(code: string, codeVerifier: string, redirectUri: string): Promise<TokenSet> {
    const config = await this.oidc.configuration();
    const callback = new URL(redirectUri);
    callback.search = '';
    callback.hash = '';
    callback.searchParams.set('code', code);
    const metadata = config.serverMetadata();
    if (metadata.authorization_response_iss_parameter_supported) callback.searchParams.set('iss', metadata.issuer);
    try {
      return await this.used(toTokenSet(await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: codeVerifier, idTokenExpected: true })));
    } catch (error) {
      throw mapGrantError(error, 'INVALID_GRANT');
    }
  }

  /**
   * Rotates a refresh token. A second refresh with the same token inside the grace window gets
   * the same new tokens; after it, reuse is reuse, and the issuer revokes the whole family.
   */
  async refresh(refreshToken: string): Promise<TokenSet> {
    for (let attempt = 0; attempt < 40; attempt++) {
      const seen = await this.grace.find(refreshToken);
      if (seen?.state === 'done') return seen.tokens;
      if (!seen && (await this.grace.claim(refreshToken))) {
        try {
          const config = await this.oidc.configuration();
          const tokens = toTokenSet(await client.refreshTokenGrant(config, refreshToken));
          await this.grace.complete(refreshToken, tokens);
          return await this.used(tokens);
        } catch (error) {
          await this.grace.release(refreshToken);
          throw mapGrantError(error, 'REFRESH_TOKEN_REJECTED');
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new AuthError('TOKEN_REFRESH_TIMEOUT', 'The token refresh did not finish in time.');
  }

  /** Notes the session's last use, from the `sid` our own issuer put in the access token it just issued. */
  private async used(tokens: TokenSet): Promise<TokenSet> {
    if (!this.sessions) return tokens;
    const claims = decodeJwt(tokens.access_token);
    if (typeof claims.sub === 'string' && typeof claims.sid === 'string') await this.sessions.touch(claims.sub, claims.sid, new Date());
    return tokens;
  }

  async revoke(refreshToken: string): Promise<boolean> {
    const config = await this.oidc.configuration();
    try {
      await client.tokenRevocation(config, refreshToken, { token_type_hint: 'refresh_token' });
      return true;
    } catch (error) {
      if (error instanceof client.ResponseBodyError) return false;
      throw error;
    }
  }
}

function toTokenSet(response: client.TokenEndpointResponse): TokenSet {
  if (!response.id_token) throw new AuthError('ID_TOKEN_MISSING', 'the issuer returned no ID token');
  return {
    access_token: response.access_token,
    id_token: response.id_token,
    token_type: 'Bearer',
    expires_in: response.expires_in ?? 900,
    ...(response.refresh_token ? { refresh_token: response.refresh_token } : {}),
  };
}

/** invalid_grant and friends are the caller's problem (400/401), not ours; transport trouble is 503. */
function mapGrantError(error: unknown, reason: 'INVALID_GRANT' | 'REFRESH_TOKEN_REJECTED'): ServiceError {
  if (error instanceof ServiceError) return error;
  if (error instanceof client.ResponseBodyError) return new AuthError(reason, error.error === 'invalid_grant' ? 'invalid_grant' : error.error);
  if (error instanceof client.ClientError) return new AuthError(reason, 'invalid_grant');
  return new AuthError('IDENTITY_PROVIDER_UNAVAILABLE', 'The identity provider could not be reached.');
}
