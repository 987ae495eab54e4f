import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';

/**
 * Proof of a recent interactive sign-in for accounts without a password (social login): an ID
 * token of the built-in issuer for this user whose `auth_time` is at most `maxAgeSeconds` old.
 */
export interface FreshSignInVerifier {
  verify(idToken: string, userId: string, now: Date): Promise<boolean>;
}

export class IdTokenFreshSignIn implements FreshSignInVerifier {
  private readonly keys: ReturnType<typeof createLocalJWKSet>;

  constructor(
    jwks: { keys: Record<string, unknown>[] },
    private readonly issuer: string,
    private readonly clientId: string,
    private readonly maxAgeSeconds: number,
  ) {
    this.keys = createLocalJWKSet(jwks as JSONWebKeySet);
  }

  async verify(idToken: string, userId: string, now: Date): Promise<boolean> {
    try {
      const { payload } = await jwtVerify(idToken, this.keys, {
        issuer: this.issuer,
        audience: this.clientId,
        algorithms: ['ES256'],
        subject: userId,
        currentDate: now,
        clockTolerance: 30,
        // The ID token itself may be older than its sign-in only by its own lifetime.
        requiredClaims: ['auth_time'],
      });
      return typeof payload.auth_time === 'number' && now.getTime() / 1000 - payload.auth_time <= this.maxAgeSeconds;
    } catch {
      return false;
    }
  }
}

/** With an external issuer the account lives there: nothing here can prove a fresh sign-in. */
export const noFreshSignIn: FreshSignInVerifier = { verify: () => Promise.resolve(false) };
