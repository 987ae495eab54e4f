import type { EventOf, UserDeletedEvent } from '@tasksensei/contracts';
import type { Logger } from '@tasksensei/platform';
import type { AuthErasureStore } from './auth-erasure.repository.js';

export interface EraseAccountDeps {
  readonly store: AuthErasureStore;
  readonly logger: Logger;
}

/**
 * `user.deleted` in auth: every session, grant, code and refresh token of the user goes (so no
 * refresh succeeds and no provider session signs them in silently), their session list and
 * unused mail links, then the login counters of
 * their email, then the account itself, last, since it holds the email a retry still needs.
 * Each step finds nothing the second time: a redelivery is harmless.
 */
export class EraseAccountUseCase {
  constructor(private readonly deps: EraseAccountDeps) {}

  async execute(event: EventOf<typeof UserDeletedEvent>): Promise<void> {
    const { userId } = event.data;
    const refreshTokens = await this.deps.store.eraseProviderState(userId);
    await this.deps.store.eraseRefreshGrace(refreshTokens);
    const sessions = await this.deps.store.eraseSessions(userId);
    const mailLinks = await this.deps.store.eraseMailLinks(userId);
    const email = await this.deps.store.emailOf(userId);
    if (email) await this.deps.store.eraseLoginThrottle(email);
    const accountItems = await this.deps.store.eraseAccount(userId);
    this.deps.logger.info(
      { userId, eventId: event.id, refreshTokens: refreshTokens.length, sessions, mailLinks, accountItems },
      'account erased',
    );
  }
}
