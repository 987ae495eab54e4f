import { AuthError } from '@tasksensei/contracts';
import type { AccountRepository } from '../accounts/account.repository.js';
import { emailProblems, normaliseEmail } from '../accounts/credentials-policy.js';
import { verifyPassword } from '../accounts/password-hasher.js';
import type { Clock } from '@tasksensei/platform';
import type { SendVerification } from '../verify-email/send-verification.js';

export interface ChangeEmailDeps {
  readonly accounts: AccountRepository;
  readonly verification: SendVerification;
  readonly clock: Clock;
}

/** `POST /account/email`: the new address gets a verification link; the account moves only when it is followed. */
export class ChangeEmailUseCase {
  constructor(private readonly deps: ChangeEmailDeps) {}

  async execute(userId: string, rawEmail: string, currentPassword: string): Promise<{ sent: boolean }> {
    const email = normaliseEmail(rawEmail);
    const problems = emailProblems(email);
    if (problems.length) throw new AuthError('EMAIL_INVALID', 'The new email address is not valid.', problems);
    const account = await this.deps.accounts.findById(userId);
    if (!account) throw new AuthError('ACCOUNT_NOT_FOUND', 'No such account.');
    if (!account.passwordHash || !(await verifyPassword(currentPassword, account.passwordHash))) {
      throw new AuthError('PASSWORD_INCORRECT', 'The current password is not right.', [
        { path: 'currentPassword', message: 'is not right' },
      ]);
    }
    if (email === account.email) return { sent: false };
    if (await this.deps.accounts.findByEmail(email)) throw new AuthError('EMAIL_TAKEN', 'Another account uses this email address.');
    await this.deps.verification.send(userId, email, 'change', { at: this.deps.clock.now() });
    return { sent: true };
  }
}
