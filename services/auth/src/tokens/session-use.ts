import type { TokenSet } from '@tasksensei/contracts';
import type { Clock } from '@tasksensei/platform';
import { decodeJwt } from 'jose';
import type { SessionRepository } from '../sessions/session.repository.js';

/**
 * Notes a session's last use (the account page's "last active") from the `sid` our own issuer
 * put in the access token it just issued. With an external issuer there are no sessions here.
 */
export class SessionUse {
  constructor(private readonly deps: { readonly sessions?: Pick<SessionRepository, 'touch'>; readonly clock: Clock }) {}

  async record(tokens: TokenSet): Promise<TokenSet> {
    if (!this.deps.sessions) return tokens;
    const claims = decodeJwt(tokens.access_token);
    if (typeof claims.sub === 'string' && typeof claims.sid === 'string')
      await this.deps.sessions.touch(claims.sub, claims.sid, this.deps.clock.now());
    return tokens;
  }
}
