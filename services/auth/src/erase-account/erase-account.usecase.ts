import type { EventOf, UserDeletedEvent } from '@tasksensei/contracts';
import type { Logger } from '@tasksensei/platform';
import type { AuthErasureStore } from './auth-erasure.repository.js';

/**
 * `user.deleted` in auth: every session, grant, code and refresh token of the user goes (so no
 * refresh succeeds and no provider session signs them in silently), their session list and
 * unused mail links, then the login counters of
 * their email, then the account itself, last, since it holds the email a retry still needs.
 * Each step finds nothing the second time: a redelivery is harmless.
 */
export class EraseAccountUseCase {
  constructor(
    private readonly store: AuthErasureStore,
    private readonly logger: Logger,
  ) {}

  async execute(event: EventOf<typeof UserDeletedEvent>): Promise<void> {
    const { userId } = event.data;
    const refreshTokens = await this.store.eraseProviderState(userId);
    await this.store.eraseRefreshGrace(refreshTokens);
    const sessions = await this.store.eraseSessions(userId);
    const mailLinks = await this.store.eraseMailLinks(userId);
    const email = await this.store.emailOf(userId);
    if (email) await this.store.eraseLoginThrottle(email);
    const accountItems = await this.store.eraseAccount(userId);
    this.logger.info({ userId, eventId: event.id, refreshTokens: refreshTokens.length, sessions, mailLinks, accountItems }, 'account erased');
  }
}
