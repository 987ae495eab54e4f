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
    private readonly deps: {
      readonly jwks: { keys: Record<string, unknown>[] };
      readonly issuer: string;
      readonly clientId: string;
      readonly maxAgeSeconds: number;
    },
  ) {
    this.keys = createLocalJWKSet(deps.jwks as JSONWebKeySet);
  }

  async verify(idToken: string, userId: string, now: Date): Promise<boolean> {
    try {
      const { payload } = await jwtVerify(idToken, this.keys, {
        issuer: this.deps.issuer,
        audience: this.deps.clientId,
        algorithms: ['ES256'],
        subject: userId,
        currentDate: now,
        clockTolerance: 30,
        // The ID token itself may be older than its sign-in only by its own lifetime.
        requiredClaims: ['auth_time'],
      });
      return typeof payload.auth_time === 'number' && now.getTime() / 1000 - payload.auth_time <= this.deps.maxAgeSeconds;
    } catch {
      return false;
    }
  }
}

/** With an external issuer the account lives there: nothing here can prove a fresh sign-in. */
export const noFreshSignIn: FreshSignInVerifier = { verify: () => Promise.resolve(false) };
