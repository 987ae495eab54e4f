import * as client from 'openid-client';
import type { Upstream } from './upstreams.js';

/** The ID token claims an upstream vouched for. */
export interface UpstreamClaims {
  readonly sub?: string;
  readonly email?: unknown;
  readonly email_verified?: unknown;
  readonly name?: unknown;
}

/** The code flow against an upstream OpenID provider (Google, Entra, ...): the federation use case's port to it. */
export interface UpstreamClient {
  authorizationUrl(
    upstream: Upstream,
    params: { redirectUri: string; state: string; nonce: string; codeChallenge: string },
  ): Promise<string>;
  /** Redeems the callback's code; throws when the upstream does not confirm the sign-in. */
  redeem(
    upstream: Upstream,
    callback: URL,
    checks: { codeVerifier: string; state: string; nonce: string },
  ): Promise<UpstreamClaims | undefined>;
}

/** openid-client, each upstream discovered once (and again after a failed discovery). */
export class OpenIdUpstreamClient implements UpstreamClient {
  private readonly configs = new Map<string, Promise<client.Configuration>>();

  async authorizationUrl(
    upstream: Upstream,
    params: { redirectUri: string; state: string; nonce: string; codeChallenge: string },
  ): Promise<string> {
    const config = await this.configuration(upstream);
    return client.buildAuthorizationUrl(config, {
      redirect_uri: params.redirectUri,
      scope: upstream.scopes,
      state: params.state,
      nonce: params.nonce,
      code_challenge: params.codeChallenge,
      code_challenge_method: 'S256',
    }).href;
  }

  async redeem(
    upstream: Upstream,
    callback: URL,
    checks: { codeVerifier: string; state: string; nonce: string },
  ): Promise<UpstreamClaims | undefined> {
    const config = await this.configuration(upstream);
    const tokens = await client.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: checks.codeVerifier,
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      idTokenExpected: true,
    });
    return tokens.claims();
  }

  private configuration(upstream: Upstream): Promise<client.Configuration> {
    let config = this.configs.get(upstream.id);
    if (!config) {
      const insecure = new URL(upstream.issuer).protocol === 'http:';
      config = client
        .discovery(
          new URL(upstream.issuer),
          upstream.clientId,
          upstream.clientSecret,
          upstream.clientSecret ? client.ClientSecretPost(upstream.clientSecret) : client.None(),
          {
            ...(insecure ? { execute: [client.allowInsecureRequests] } : {}),
            timeout: 10,
          },
        )
        .catch((error: unknown) => {
          this.configs.delete(upstream.id);
          throw error;
        });
      this.configs.set(upstream.id, config);
    }
    return config;
  }
}
