import { AuthError, UserDeletedEvent, userDeletedEventId, type DeleteAccountRequest } from '@tasksensei/contracts';
import type { EventPublisher } from '@tasksensei/platform';
import type { LoginThrottleRepository, ThrottlePolicy } from '../accounts/login-throttle.repository.js';
import { DUMMY_HASH, verifyPassword } from '../accounts/password-hasher.js';
import type { SessionRevoker } from '../sessions/session-revoker.js';
import type { AccountClosureRepository } from './account-closure.repository.js';
import type { FreshSignInVerifier } from './fresh-sign-in.js';

export interface Clock {
  now(): Date;
}

export interface DeleteAccountDeps {
  readonly accounts: AccountClosureRepository;
  readonly throttle: LoginThrottleRepository;
  readonly throttlePolicy: ThrottlePolicy;
  readonly freshSignIn: FreshSignInVerifier;
  readonly publisher: EventPublisher;
  readonly clock: Clock;
  readonly sessions: Pick<SessionRevoker, 'revokeAllSessions'>;
}

/**
 * DELETE /account: the caller proves it is them again (the password, or a fresh sign-in for an
 * account without one), the account is closed at once (sign-in, refresh and social login refuse
 * it from this write on), every session of the user ends (its access tokens are refused by the
 * gateways within seconds, not at their expiry), then `user.deleted` goes out and every service erases what it holds.
 * A repeat (the publish failed, a double click) closes nothing new and publishes the same event
 * id, which the stream drops inside its duplicate window and consumers shrug off after it.
 */
export class DeleteAccountUseCase {
  constructor(private readonly deps: DeleteAccountDeps) {}

  async execute(userId: string, request: DeleteAccountRequest): Promise<{ userId: string; deletionRequestedAt: string }> {
    const account = await this.deps.accounts.find(userId);
    if (!account) {
      // Spend the same scrypt time as a real check; an unknown caller learns nothing.
      await verifyPassword(request.password ?? '', DUMMY_HASH);
      throw new AuthError('ACCOUNT_NOT_FOUND', 'There is no such account.');
    }
    const throttleKey = `acct#${account.email}`;
    const locked = await this.deps.throttle.lockedFor(throttleKey);
    if (locked > 0) throw new AuthError('TOO_MANY_FAILED_ATTEMPTS', 'Too many wrong passwords. Try again later.', undefined, locked);

    const now = this.deps.clock.now();
    if (!(await this.reauthenticated(account.passwordHash, request, userId, now))) {
      if (account.passwordHash) {
        const lockedNow = await this.deps.throttle.recordFailure(throttleKey, this.deps.throttlePolicy);
        if (lockedNow > 0)
          throw new AuthError('TOO_MANY_FAILED_ATTEMPTS', 'Too many wrong passwords. Try again later.', undefined, lockedNow);
      }
      throw account.passwordHash
        ? new AuthError('PASSWORD_CONFIRMATION_FAILED', 'The password is not right.', [
            { path: 'password', message: 'is not the account password' },
          ])
        : new AuthError('RECENT_SIGN_IN_REQUIRED', 'Sign in again, then delete the account within a few minutes.', [
            { path: 'idToken', message: 'must come from a sign-in made in the last few minutes' },
          ]);
    }

    const closedAt = account.closedAt ? new Date(account.closedAt) : now;
    await this.deps.accounts.close(account, closedAt);
    // A repeat revokes again: the broadcast of a first attempt may be what failed.
    await this.deps.sessions.revokeAllSessions(userId);
    await this.deps.publisher.publish(UserDeletedEvent, {
      id: userDeletedEventId(userId),
      type: UserDeletedEvent.subject,
      occurredAt: closedAt.toISOString(),
      data: { userId },
    });
    return { userId, deletionRequestedAt: closedAt.toISOString() };
  }

  private async reauthenticated(
    passwordHash: string | undefined,
    request: DeleteAccountRequest,
    userId: string,
    now: Date,
  ): Promise<boolean> {
    if (passwordHash) return verifyPassword((request.password ?? '').slice(0, 1_024), passwordHash);
    return request.idToken ? this.deps.freshSignIn.verify(request.idToken, userId, now) : false;
  }
}
