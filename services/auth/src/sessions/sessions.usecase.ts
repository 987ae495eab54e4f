import { AuthError, type AccountSession } from '@tasksensei/contracts';
import type { Adapter } from 'oidc-provider';
import type { OidcAdapterClass, SessionRevoker } from './session-revoker.js';
import type { SessionRepository } from './session.repository.js';

export interface SessionsDeps {
  readonly sessions: SessionRepository;
  readonly revoker: SessionRevoker;
  readonly adapter: OidcAdapterClass;
}

/** `GET /account/sessions` and `DELETE /account/sessions/{id}`. */
export class SessionsUseCase {
  private readonly grants: Adapter;

  constructor(private readonly deps: SessionsDeps) {
    this.grants = new deps.adapter('Grant');
  }

  /** The caller's live sessions, most recently used first; a session whose grant ended (sign-out, reuse) is dropped. */
  async list(userId: string, currentSessionId: string | undefined): Promise<AccountSession[]> {
    const live: AccountSession[] = [];
    for (const session of await this.deps.sessions.list(userId)) {
      if (!(await this.grants.find(session.sessionId))) {
        await this.deps.sessions.delete(userId, session.sessionId);
        continue;
      }
      live.push({
        sessionId: session.sessionId,
        createdAt: session.createdAt,
        lastUsedAt: session.lastUsedAt,
        ...(session.userAgent ? { userAgent: session.userAgent } : {}),
        current: session.sessionId === currentSessionId,
      });
    }
    return live.sort((a, b) => b.lastUsedAt.localeCompare(a.lastUsedAt));
  }

  async revoke(userId: string, sessionId: string): Promise<void> {
    if (!(await this.deps.revoker.revokeSession(userId, sessionId))) throw new AuthError('SESSION_NOT_FOUND', 'No such session.');
  }
}
