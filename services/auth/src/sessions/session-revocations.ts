import type { Clock } from './clock.js';
import type { RevocationStore } from './revocation.store.js';

/**
 * The one way to end sessions now: the access tokens of a revoked session stop working at every
 * gateway within seconds, and its open sockets close. A session is one sign-in on one device (the
 * provider's grant: its `sid` is in every access token, across refresh rotations).
 *
 * Callers (logout, refresh-token reuse, session revocation, password reset, account deletion)
 * also end the session's refresh token at the provider; this makes the tokens already issued die.
 */
export class SessionRevocations {
  constructor(
    private readonly store: RevocationStore,
    private readonly clock: Clock,
  ) {}

  /** Ends one session: every access token carrying this `sid`. */
  async revokeSession(sessionId: string): Promise<void> {
    await this.store.revokeSession(sessionId, this.clock.nowSeconds());
  }

  /**
   * Ends every session of a user issued until now, except `except` (the caller's own session,
   * e.g. after a password change): every access token of the user with an older `iat` and
   * another `sid` is refused. Sign-ins after this call returns are not affected: `iat` counts whole
   * seconds, so the call returns only once the second of the revocation is over (at most 1 s), and a
   * token issued afterwards (a sign-in right after a password reset) is never taken for an old one.
   */
  async revokeAllSessionsOfUser(userId: string, options: { except?: string } = {}): Promise<void> {
    const at = this.clock.nowSeconds();
    await this.store.revokeUser(userId, at, options.except);
    await this.clock.waitUntilAfter(at);
  }
}
