import { AuthError } from '@tasksensei/contracts';
import type { Clock, EventPublisher } from '@tasksensei/platform';
import type { AccountRepository } from '../accounts/account.repository.js';
import { passwordProblems } from '../accounts/credentials-policy.js';
import { hashPassword } from '../accounts/password-hasher.js';
import type { MailLinkRepository } from '../mail-links/mail-link.repository.js';
import type { SessionRevoker } from '../sessions/session-revoker.js';
import { publishVerified } from '../verify-email/verify-email.usecase.js';

const INVALID = 'This link is not valid: it was used already, has expired, or is mistyped. Ask for a new one.';

export interface ResetPasswordDeps {
  readonly accounts: AccountRepository;
  readonly links: MailLinkRepository;
  readonly revoker: SessionRevoker;
  readonly publisher: EventPublisher;
  readonly clock: Clock;
}

/**
 * `POST /password/reset`: the mailed token (single use, 30 minutes) sets a new password and ends
 * every session. Following the link proves the mailbox, so the address counts as verified.
 */
export class ResetPasswordUseCase {
  constructor(private readonly deps: ResetPasswordDeps) {}

  async execute(token: string, password: string): Promise<{ userId: string }> {
    const now = this.deps.clock.now();
    // A weak password must not spend the token: check it against the account before consuming.
    const peeked = await this.deps.links.peek(token, 'reset-password', now);
    const account = peeked && (await this.deps.accounts.findById(peeked.userId));
    if (!peeked || !account) throw new AuthError('RESET_TOKEN_INVALID', INVALID);
    const problems = passwordProblems(password, account.email);
    if (problems.length) throw new AuthError('PASSWORD_TOO_WEAK', 'The new password is not acceptable.', problems);
    const link = await this.deps.links.consume(token, 'reset-password', now);
    if (!link) throw new AuthError('RESET_TOKEN_INVALID', INVALID);

    const proved = link.email === account.email && !account.emailVerified;
    await this.deps.accounts.update(account.userId, {
      passwordHash: await hashPassword(password),
      passwordChangedAt: now.toISOString(),
      ...(proved ? { emailVerified: true } : {}),
    });
    await this.deps.revoker.revokeAllSessions(account.userId);
    if (proved) await publishVerified(this.deps.publisher, account.userId, account.email, now);
    return { userId: account.userId };
  }
}
