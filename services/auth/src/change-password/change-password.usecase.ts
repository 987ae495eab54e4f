import { AuthError } from '@tasksensei/contracts';
import type { AccountRepository } from '../accounts/account.repository.js';
import { passwordProblems } from '../accounts/credentials-policy.js';
import { hashPassword, verifyPassword } from '../accounts/password-hasher.js';
import type { SignInThrottle } from '../accounts/sign-in-throttle.js';
import type { MailQueue } from '../mail/mail-queue.js';
import { MailTemplates } from '../mail/mail-templates.js';
import type { SessionRevoker } from '../sessions/session-revoker.js';
import type { Clock } from '@tasksensei/platform';

export interface ChangePasswordDeps {
  readonly accounts: AccountRepository;
  readonly throttle: SignInThrottle;
  readonly revoker: SessionRevoker;
  readonly mail: MailQueue;
  readonly clock: Clock;
}

/**
 * `POST /account/password`: the current password is required (a stolen access token alone
 * cannot take the account), guesses at it are throttled like sign-ins, and every other
 * session ends; the owner gets a mail saying so.
 */
export class ChangePasswordUseCase {
  constructor(private readonly deps: ChangePasswordDeps) {}

  async execute(
    userId: string,
    currentPassword: string,
    newPassword: string,
    currentSessionId: string | undefined,
  ): Promise<{ revokedSessions: number }> {
    const account = await this.deps.accounts.findById(userId);
    if (!account) throw new AuthError('ACCOUNT_NOT_FOUND', 'No such account.');
    await this.deps.throttle.before('password-change', userId, 'any');
    if (!account.passwordHash || !(await verifyPassword(currentPassword.slice(0, 1_024), account.passwordHash))) {
      await this.deps.throttle.failed('password-change', userId, 'any');
      throw new AuthError('PASSWORD_INCORRECT', 'The current password is not right.', [
        { path: 'currentPassword', message: 'is not right' },
      ]);
    }
    const problems = passwordProblems(newPassword, account.email).map((p) => ({ ...p, path: 'newPassword' }));
    if (problems.length) throw new AuthError('PASSWORD_TOO_WEAK', 'The new password is not acceptable.', problems);
    const now = this.deps.clock.now();
    await this.deps.accounts.update(userId, { passwordHash: await hashPassword(newPassword), passwordChangedAt: now.toISOString() });
    const revokedSessions = await this.deps.revoker.revokeAllSessions(userId, currentSessionId);
    this.deps.mail.enqueue(MailTemplates.passwordChanged(account.email, { at: now }));
    return { revokedSessions };
  }
}
