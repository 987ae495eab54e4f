import { epochSeconds, type WaitableClock } from '@tasksensei/platform';
import type { RevocationStore } from './revocation.store.js';

export interface SessionRevocationsDeps {
  readonly store: RevocationStore;
  /** Waited on past the second of a revoke-all. */
  readonly clock: WaitableClock;
}

/**
 * The one way to end sessions now: the access tokens of a revoked session stop working at every
 * gateway within seconds, and its open sockets close. A session is one sign-in on one device (the
 * provider's grant: its `sid` is in every access token, across refresh rotations).
 *
 * Callers (logout, refresh-token reuse, session revocation, password reset, account deletion)
 * also end the session's refresh token at the provider; this makes the tokens already issued die.
 */
export class SessionRevocations {
  constructor(private readonly deps: SessionRevocationsDeps) {}

  /** Ends one session: every access token carrying this `sid`. */
  async revokeSession(sessionId: string): Promise<void> {
    await this.deps.store.revokeSession(sessionId, epochSeconds(this.deps.clock));
  }

  /**
   * Ends every session of a user issued until now, except `except` (the caller's own session,
   * e.g. after a password change): every access token of the user with an older `iat` and
   * another `sid` is refused. Sign-ins after this call returns are not affected: `iat` counts whole
   * seconds, so the call returns only once the second of the revocation is over (at most 1 s), and a
   * token issued afterwards (a sign-in right after a password reset) is never taken for an old one.
   */
  async revokeAllSessionsOfUser(userId: string, options: { except?: string } = {}): Promise<void> {
    const at = epochSeconds(this.deps.clock);
    await this.deps.store.revokeUser(userId, at, options.except);
    await this.deps.clock.waitUntil(new Date((at + 1) * 1000));
  }
}
