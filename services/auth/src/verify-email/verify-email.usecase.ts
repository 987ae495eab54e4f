import { AuthError, UserEmailVerifiedEvent } from '@tasksensei/contracts';
import type { EventPublisher } from '@tasksensei/platform';
import { EmailTakenError, type AccountRepository } from '../accounts/account.repository.js';
import type { MailLinkRepository } from '../mail-links/mail-link.repository.js';
import type { MailQueue } from '../mail/mail-queue.js';
import { MailTemplates } from '../mail/mail-templates.js';
import type { Clock } from '../shared/clock.js';
import type { SendVerification } from './send-verification.js';

/**
 * `POST /account/verify-email`: the link's token proves the mailbox. For the sign-up address it
 * marks the account verified; for a new address (email change) it moves the account there. Either
 * way `user.email-verified` tells the users service (profile `email` and `emailVerified`).
 */
export class VerifyEmailUseCase {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly links: MailLinkRepository,
    private readonly publisher: EventPublisher,
    private readonly clock: Clock,
    private readonly mail?: MailQueue,
  ) {}

  async execute(token: string): Promise<{ userId: string; email: string }> {
    const now = this.clock.now();
    const link = await this.links.consume(token, 'verify-email', now);
    const account = link && (await this.accounts.findById(link.userId));
    if (!link || !account) throw new AuthError('VERIFICATION_TOKEN_INVALID', 'This link is not valid: it was used already, has expired, or is mistyped.');
    try {
      await this.accounts.changeEmail(account.userId, account.email, link.email, now.toISOString());
    } catch (error) {
      if (error instanceof EmailTakenError) throw new AuthError('EMAIL_TAKEN', 'Another account uses this email address now.');
      throw error;
    }
    await publishVerified(this.publisher, account.userId, link.email, now);
    // The old address hears of the move: it is how an owner learns someone else changed it.
    if (account.email !== link.email) this.mail?.enqueue(MailTemplates.emailChanged(account.email, link.email, { at: now }));
    return { userId: account.userId, email: link.email };
  }
}

export async function publishVerified(publisher: EventPublisher, userId: string, email: string, at: Date): Promise<void> {
  await publisher.publish(UserEmailVerifiedEvent, {
    id: `user.email-verified:${userId}:${email}:${at.getTime()}`,
    type: 'user.email-verified',
    occurredAt: at.toISOString(),
    data: { userId, email, verifiedAt: at.toISOString() },
  });
}

/** `POST /account/verify-email/resend`: a new link for a signed-in user whose address is not verified yet. */
export class ResendVerificationUseCase {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly verification: SendVerification,
    private readonly clock: Clock,
  ) {}

  async execute(userId: string): Promise<{ sent: boolean }> {
    const account = await this.accounts.findById(userId);
    if (!account) throw new AuthError('ACCOUNT_NOT_FOUND', 'No such account.');
    if (account.emailVerified) return { sent: false };
    await this.verification.send(userId, account.email, 'resend', { at: this.clock.now() });
    return { sent: true };
  }
}
