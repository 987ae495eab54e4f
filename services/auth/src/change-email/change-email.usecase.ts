import { AuthError } from '@tasksensei/contracts';
import type { AccountRepository } from '../accounts/account.repository.js';
import { emailProblems, normaliseEmail } from '../accounts/credentials-policy.js';
import { verifyPassword } from '../accounts/password-hasher.js';
import type { Clock } from '../shared/clock.js';
import type { SendVerification } from '../verify-email/send-verification.js';

/** `POST /account/email`: the new address gets a verification link; the account moves only when it is followed. */
export class ChangeEmailUseCase {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly verification: SendVerification,
    private readonly clock: Clock,
  ) {}

  async execute(userId: string, rawEmail: string, currentPassword: string): Promise<{ sent: boolean }> {
    const email = normaliseEmail(rawEmail);
    const problems = emailProblems(email);
    if (problems.length) throw new AuthError('EMAIL_INVALID', 'The new email address is not valid.', problems);
    const account = await this.accounts.findById(userId);
    if (!account) throw new AuthError('ACCOUNT_NOT_FOUND', 'No such account.');
    if (!account.passwordHash || !(await verifyPassword(currentPassword, account.passwordHash))) {
      throw new AuthError('PASSWORD_INCORRECT', 'The current password is not right.', [{ path: 'currentPassword', message: 'is not right' }]);
    }
    if (email === account.email) return { sent: false };
    if (await this.accounts.findByEmail(email)) throw new AuthError('EMAIL_TAKEN', 'Another account uses this email address.');
    await this.verification.send(userId, email, 'change', { at: this.clock.now() });
    return { sent: true };
  }
}
