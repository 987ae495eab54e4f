import type { Adapter } from 'oidc-provider';
import type { SessionRepository } from './session.repository.js';

/** The provider's state (grants, refresh tokens, browser sessions), as its adapter stores it. */
export type OidcAdapterClass = new (model: string) => Adapter;

/**
 * The one place this service ends sessions: a session's grant (every refresh token of it) and
 * the provider's browser session behind it, so neither a refresh nor a silent re-authorization
 * brings it back. Password reset, password change and "sign out that device" all come here.
 *
 * Access tokens already issued still verify until they expire; cutting them within seconds is
 * the revocation broadcast of the zero-trust work (auth publishes, the gateway enforces), wired
 * in here once it lands.
 */
export class SessionRevoker {
  private readonly grants: Adapter;
  private readonly browserSessions: Adapter;

  constructor(
    adapter: OidcAdapterClass,
    private readonly sessions: SessionRepository,
  ) {
    this.grants = new adapter('Grant');
    this.browserSessions = new adapter('Session');
  }

  /** Ends one session of `userId`; false when it is not one of theirs. */
  async revokeSession(userId: string, sessionId: string): Promise<boolean> {
    const session = await this.sessions.get(userId, sessionId);
    if (!session) return false;
    await this.grants.revokeByGrantId!(session.sessionId);
    if (session.browserSessionId) await this.browserSessions.destroy(session.browserSessionId);
    await this.sessions.delete(userId, sessionId);
    return true;
  }

  /** Ends every session of `userId` but `exceptSessionId`; the number ended. */
  async revokeAllSessions(userId: string, exceptSessionId?: string): Promise<number> {
    const sessions = await this.sessions.list(userId);
    let ended = 0;
    for (const session of sessions) {
      if (session.sessionId === exceptSessionId) continue;
      if (await this.revokeSession(userId, session.sessionId)) ended++;
    }
    return ended;
  }
}
