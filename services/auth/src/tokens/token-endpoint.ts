import { AuthError, ServiceError, type TokenSet } from '@tasksensei/contracts';
import * as client from 'openid-client';
import type { OidcClient } from './oidc-client.js';

/**
 * The configured issuer's token endpoint (built-in, Cognito, any OIDC): the port the exchange,
 * refresh and revoke use cases talk to. Failures come back as service errors: the caller's
 * (invalid_grant: 400 on exchange, 401 on refresh) or the issuer's unavailability (503).
 */
export interface TokenEndpoint {
  exchangeCode(request: { code: string; codeVerifier: string; redirectUri: string }): Promise<TokenSet>;
  refresh(refreshToken: string): Promise<TokenSet>;
  /** False when the issuer refused the token (unknown, already revoked). */
  revoke(refreshToken: string): Promise<boolean>;
}

/** openid-client against the issuer, which validates the ID token (signature, iss, aud, exp). */
export class OidcTokenEndpoint implements TokenEndpoint {
  constructor(private readonly deps: { readonly oidc: OidcClient }) {}

  async exchangeCode({ code, codeVerifier, redirectUri }: { code: string; codeVerifier: string; redirectUri: string }): Promise<TokenSet> {
    const config = await this.deps.oidc.configuration();
    const callback = new URL(redirectUri);
    callback.search = '';
    callback.hash = '';
    callback.searchParams.set('code', code);
    const metadata = config.serverMetadata();
    if (metadata.authorization_response_iss_parameter_supported) callback.searchParams.set('iss', metadata.issuer);
    try {
      return toTokenSet(await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: codeVerifier, idTokenExpected: true }));
    } catch (error) {
      throw mapGrantError(error, 'INVALID_GRANT');
    }
  }

  async refresh(refreshToken: string): Promise<TokenSet> {
    try {
      const config = await this.deps.oidc.configuration();
      return toTokenSet(await client.refreshTokenGrant(config, refreshToken));
    } catch (error) {
      throw mapGrantError(error, 'REFRESH_TOKEN_REJECTED');
    }
  }

  async revoke(refreshToken: string): Promise<boolean> {
    const config = await this.deps.oidc.configuration();
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
  if (error instanceof client.ResponseBodyError)
    return new AuthError(reason, error.error === 'invalid_grant' ? 'invalid_grant' : error.error);
  if (error instanceof client.ClientError) return new AuthError(reason, 'invalid_grant');
  return new AuthError('IDENTITY_PROVIDER_UNAVAILABLE', 'The identity provider could not be reached.');
}
