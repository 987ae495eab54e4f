import type { Adapter } from 'oidc-provider';
import type { SessionRevocations } from './session-revocations.js';
import type { SessionRepository } from './session.repository.js';

/** The provider's state (grants, refresh tokens, browser sessions), as its adapter stores it. */
export type OidcAdapterClass = new (model: string) => Adapter;

export interface SessionRevokerDeps {
  /** The provider's state; absent with an external issuer. */
  readonly adapter?: OidcAdapterClass;
  readonly sessions?: Pick<SessionRepository, 'get' | 'list' | 'delete'>;
  readonly revocations: Pick<SessionRevocations, 'revokeSession' | 'revokeAllSessionsOfUser'>;
}

/**
 * The one place this service ends sessions: a session's grant (every refresh token of it) and
 * the provider's browser session behind it, so neither a refresh nor a silent re-authorization
 * brings it back; then the revocation broadcast (`SessionRevocations`, the `revoked-sessions`
 * bucket every gateway watches), so the access tokens already issued are refused within seconds
 * and the session's sockets close. Password reset, password change, "sign out that device" and
 * account deletion all come here.
 */
export class SessionRevoker {
  private readonly grants: Adapter;
  private readonly browserSessions: Adapter;

  constructor(private readonly deps: SessionRevokerDeps) {
    const { adapter } = deps;
    this.grants = adapter ? new adapter('Grant') : noProviderState;
    this.browserSessions = adapter ? new adapter('Session') : noProviderState;
  }

  /** Ends one session of `userId`; false when it is not one of theirs. */
  async revokeSession(userId: string, sessionId: string): Promise<boolean> {
    if (!(await this.endGrant(userId, sessionId))) return false;
    await this.deps.revocations.revokeSession(sessionId);
    return true;
  }

  /**
   * Ends every session of `userId` but `exceptSessionId`; the number of listed sessions ended.
   * The broadcast covers every access token of the user issued until now (but the excepted
   * session's), listed or not.
   */
  async revokeAllSessions(userId: string, exceptSessionId?: string): Promise<number> {
    const sessions = this.deps.sessions ? await this.deps.sessions.list(userId) : [];
    let ended = 0;
    for (const session of sessions) {
      if (session.sessionId === exceptSessionId) continue;
      if (await this.endGrant(userId, session.sessionId)) ended++;
    }
    // After the grants: a refresh racing this cannot mint a token newer than the broadcast.
    await this.deps.revocations.revokeAllSessionsOfUser(userId, exceptSessionId ? { except: exceptSessionId } : {});
    return ended;
  }

  /** The grant, its browser session and the listing row; false when it is not one of `userId`'s. */
  private async endGrant(userId: string, sessionId: string): Promise<boolean> {
    const session = this.deps.sessions && (await this.deps.sessions.get(userId, sessionId));
    if (!session) return false;
    await this.grants.revokeByGrantId!(session.sessionId);
    if (session.browserSessionId) await this.browserSessions.destroy(session.browserSessionId);
    await this.deps.sessions!.delete(userId, sessionId);
    return true;
  }
}

/** An external issuer (Cognito) keeps its own state: nothing of it is here to end. */
const noProviderState = {
  upsert: async () => {},
  find: async () => undefined,
  findByUserCode: async () => undefined,
  findByUid: async () => undefined,
  consume: async () => {},
  destroy: async () => {},
  revokeByGrantId: async () => {},
} satisfies Adapter;
