import { Inject, Injectable } from '@nestjs/common';
import { ServiceError } from '@tasksensei/contracts';
import { ENV } from '@tasksensei/platform';
import { jwtVerify, type JWTPayload } from 'jose';
import type { GatewayEnv } from '../config/gateway.env.js';
import { JwksSource } from './jwks-source.js';
import { RevocationList } from './revocation-list.js';

/** Asymmetric algorithms only: `none` and HMAC (key confusion) are never accepted. */
const ALGORITHMS = ['RS256', 'PS256', 'ES256', 'ES384', 'EdDSA'];

export interface VerifiedCaller {
  readonly sub: string;
  readonly scope: readonly string[];
  /** `exp` of the token (seconds since the epoch). */
  readonly expiresAt?: number;
  /** The session the token belongs to (`sid`), when the issuer says. */
  readonly sid?: string;
  /** `iat` of the token (seconds since the epoch). */
  readonly issuedAt?: number;
}

/**
 * Access-token verification: signature against the issuer's keys, algorithm allow-list, `iss`,
 * the audience (built-in issuer) or Cognito's `client_id` (Cognito access tokens carry no
 * `aud`), `exp`/`nbf` with a small skew, and that it is an access token (`typ: at+jwt` or
 * `token_use: access`), never an ID token.
 */
@Injectable()
export class TokenVerifier {
  private readonly issuer: string;
  private readonly clientId: string | undefined;
  private readonly audience: string | undefined;

  constructor(
    @Inject(JwksSource) private readonly jwks: JwksSource,
    @Inject(ENV) private readonly env: GatewayEnv,
    @Inject(RevocationList) private readonly revocations: RevocationList,
  ) {
    this.issuer = env.OIDC_ISSUER_URL?.replace(/\/+$/, '') ?? `${env.PUBLIC_URL}/oidc`;
    this.clientId = env.OIDC_ISSUER_URL ? env.OIDC_CLIENT_ID : undefined;
    this.audience = env.OIDC_ISSUER_URL ? undefined : env.API_AUDIENCE;
  }

  /**
   * A client sends the same access token with every request for its lifetime, and an ES256
   * signature check costs ~100 µs here. A token verified once is remembered (by its exact bytes,
   * so any change is a miss) until it expires, at most CACHE_TTL_MS, so a key withdrawn from the
   * JWKS stops being honoured within that bound.
   */
  private readonly cache = new Map<string, { caller: VerifiedCaller; until: number }>();

  async verify(token: string): Promise<VerifiedCaller> {
    const caller = await this.verifySignature(token);
    // Checked on every use, cached or not: a revoked session stops working within seconds.
    if (this.revocations.isRevoked(caller)) throw unauthenticated('The session has ended.');
    return caller;
  }

  private async verifySignature(token: string): Promise<VerifiedCaller> {
    const cached = this.cache.get(token);
    if (cached) {
      if (Date.now() < cached.until) return cached.caller;
      this.cache.delete(token);
    }
    const caller = await this.verifyUncached(token);
    const expiresAt = (caller.expiresAt ?? 0) * 1000 + this.env.TOKEN_CLOCK_SKEW_SECONDS * 1000;
    if (this.cache.size >= CACHE_MAX_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(token, { caller, until: Math.min(expiresAt, Date.now() + CACHE_TTL_MS) });
    return caller;
  }

  private async verifyUncached(token: string): Promise<VerifiedCaller> {
    let payload: JWTPayload;
    let typ: string | undefined;
    try {
      let protectedHeader: { typ?: string };
      ({ payload, protectedHeader } = await jwtVerify(token, this.jwks.getKey, {
        issuer: this.issuer,
        algorithms: ALGORITHMS,
        clockTolerance: this.env.TOKEN_CLOCK_SKEW_SECONDS,
        requiredClaims: ['exp', 'sub'],
        ...(this.audience ? { audience: this.audience } : {}),
      }));
      typ = protectedHeader.typ?.toLowerCase().replace(/^application\//, '');
    } catch {
      throw unauthenticated('The access token is not valid.');
    }
    // An ID token (same issuer, same keys, `aud` = the client) must never pass as an access token:
    // an access token says so, by `typ: at+jwt` (RFC 9068) or Cognito's `token_use: access`.
    const isAccessToken = payload.token_use === 'access' || (payload.token_use === undefined && typ === 'at+jwt');
    if (!isAccessToken) throw unauthenticated('Not an access token.');
    if (!this.audience) {
      // External issuers: Cognito puts the app client in `client_id`; others in `aud`/`azp`.
      const clients = [payload.client_id, payload.azp, ...(Array.isArray(payload.aud) ? payload.aud : [payload.aud])];
      if (!this.clientId || !clients.includes(this.clientId)) throw unauthenticated('The access token was issued to another client.');
    }
    if (typeof payload.sub !== 'string' || payload.sub.length === 0 || payload.sub.length > 200)
      throw unauthenticated('The access token has no subject.');
    const scope = typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [];
    const sid = typeof payload.sid === 'string' && payload.sid.length > 0 && payload.sid.length <= 200 ? payload.sid : undefined;
    return {
      sub: payload.sub,
      scope,
      ...(typeof payload.exp === 'number' ? { expiresAt: payload.exp } : {}),
      ...(typeof payload.iat === 'number' ? { issuedAt: payload.iat } : {}),
      ...(sid ? { sid } : {}),
    };
  }
}

const CACHE_MAX_ENTRIES = 10_000;
const CACHE_TTL_MS = 5 * 60_000;

const unauthenticated = (message: string) => new ServiceError('ACCESS_TOKEN_INVALID', message);
