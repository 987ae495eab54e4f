import { readFileSync } from 'node:fs';
import { SignJWT, createLocalJWKSet, errors, importJWK, jwtVerify, type CryptoKey, type JSONWebKeySet, type JWK } from 'jose';
import { z } from 'zod';

/** The verified user a request acts for, as the gateway asserts it to one service. */
export interface AssertedUser {
  readonly sub: string;
  /** The session (`sid` of the access token), when the issuer puts one there. */
  readonly sid?: string;
}

export const USER_ASSERTION_ISSUER = 'urn:tasksensei:gateway';
/** Its own JWT `typ`, so no other token signed with the same algorithm can pass for one. */
export const USER_ASSERTION_TYPE = 'tasksensei-user+jwt';
const ALGORITHM = 'EdDSA';

export class InvalidAssertionError extends Error {}

/** A clock in seconds, injectable for tests. */
export type SecondsClock = () => number;
const systemSeconds: SecondsClock = () => Math.floor(Date.now() / 1000);

/**
 * Signs the gateway's short-lived statement "this request acts for user `sub` (session `sid`)",
 * audience-bound to the one service it is sent to. A signed assertion is reused for the same
 * user, session and service during the first half of its lifetime: the signature is paid once
 * per few seconds per user rather than per request, and services' verification caches hit.
 */
export class UserAssertionSigner {
  private readonly cache = new Map<string, { token: string; reuseUntil: number }>();

  constructor(
    private readonly key: CryptoKey,
    private readonly kid: string,
    private readonly lifetimeSeconds: number,
    private readonly now: SecondsClock = systemSeconds,
    private readonly maxCached = 50_000,
  ) {}

  /** From a private Ed25519 JWK file (`kid` required), e.g. a mounted Secret. */
  static async fromJwkFile(path: string, lifetimeSeconds: number, now?: SecondsClock): Promise<UserAssertionSigner> {
    const jwk = PrivateJwkSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
    return new UserAssertionSigner((await importJWK(jwk as JWK, ALGORITHM)) as CryptoKey, jwk.kid, lifetimeSeconds, now);
  }

  async sign(user: AssertedUser, audience: string): Promise<string> {
    const now = this.now();
    const cacheKey = `${audience}\u0000${user.sub}\u0000${user.sid ?? ''}`;
    const cached = this.cache.get(cacheKey);
    if (cached && cached.reuseUntil > now) return cached.token;
    const token = await new SignJWT(user.sid ? { sid: user.sid } : {})
      .setProtectedHeader({ alg: ALGORITHM, kid: this.kid, typ: USER_ASSERTION_TYPE })
      .setIssuer(USER_ASSERTION_ISSUER)
      .setAudience(audience)
      .setSubject(user.sub)
      .setIssuedAt(now)
      .setExpirationTime(now + this.lifetimeSeconds)
      .sign(this.key);
    if (this.cache.size >= this.maxCached) this.cache.clear();
    this.cache.set(cacheKey, { token, reuseUntil: now + Math.floor(this.lifetimeSeconds / 2) });
    return token;
  }

  /** A revoked session's assertions are not handed out again (they still expire on their own). */
  forgetSession(sid: string): void {
    for (const key of this.cache.keys()) if (key.endsWith(`\u0000${sid}`)) this.cache.delete(key);
  }
}

/**
 * Verifies assertions addressed to one service against the gateway's public keys (several
 * during a rotation). A verified assertion is remembered until it expires, so a repeated one
 * costs a map lookup, not a signature check.
 */
export class UserAssertionVerifier {
  private readonly keys: ReturnType<typeof createLocalJWKSet>;
  private readonly cache = new Map<string, { user: AssertedUser; exp: number }>();

  constructor(
    jwks: JSONWebKeySet,
    private readonly audience: string,
    private readonly now: SecondsClock = systemSeconds,
    private readonly clockToleranceSeconds = 5,
    private readonly maxCached = 50_000,
  ) {
    this.keys = createLocalJWKSet(jwks);
  }

  async verify(token: string): Promise<AssertedUser> {
    const now = this.now();
    const cached = this.cache.get(token);
    if (cached) {
      if (cached.exp + this.clockToleranceSeconds > now) return cached.user;
      this.cache.delete(token);
    }
    let payload;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        algorithms: [ALGORITHM],
        issuer: USER_ASSERTION_ISSUER,
        audience: this.audience,
        typ: USER_ASSERTION_TYPE,
        requiredClaims: ['sub', 'exp', 'iat'],
        clockTolerance: this.clockToleranceSeconds,
        currentDate: new Date(now * 1000),
      }));
    } catch (error) {
      if (error instanceof errors.JOSEError) throw new InvalidAssertionError(`user assertion refused: ${error.code}`);
      throw error;
    }
    const claims = ClaimsSchema.safeParse(payload);
    if (!claims.success) throw new InvalidAssertionError('user assertion refused: malformed claims');
    const user: AssertedUser = { sub: claims.data.sub, ...(claims.data.sid ? { sid: claims.data.sid } : {}) };
    if (this.cache.size >= this.maxCached) this.evictExpired(now);
    this.cache.set(token, { user, exp: claims.data.exp });
    return user;
  }

  private evictExpired(now: number) {
    for (const [token, entry] of this.cache) if (entry.exp + this.clockToleranceSeconds <= now) this.cache.delete(token);
    if (this.cache.size >= this.maxCached) this.cache.clear();
  }
}

const ClaimsSchema = z.object({ sub: z.string().min(1).max(256), sid: z.string().min(1).max(256).optional(), exp: z.number() });
const PrivateJwkSchema = z.looseObject({
  kty: z.literal('OKP'),
  crv: z.literal('Ed25519'),
  d: z.string().min(1),
  x: z.string().min(1),
  kid: z.string().min(1),
});

/** `USER_ASSERTION_PUBLIC_KEYS`: a JWKS (`{"keys":[...]}`) of Ed25519 public keys. */
export const PublicJwksSchema = z
  .string()
  .transform((value, ctx) => {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON Web Key Set ({"keys":[...]})' });
      return z.NEVER;
    }
  })
  .pipe(
    z.object({
      keys: z
        .array(z.looseObject({ kty: z.literal('OKP'), crv: z.literal('Ed25519'), x: z.string().min(1), kid: z.string().min(1) }))
        .min(1)
        .refine((keys) => keys.every((k) => !('d' in k)), 'must hold public keys only'),
    }),
  )
  .transform((jwks) => jwks as unknown as JSONWebKeySet);
