import { AuthError, UserEmailVerifiedEvent } from '@tasksensei/contracts';
import type { Clock, EventPublisher } from '@tasksensei/platform';
import { EmailTakenError, type AccountRepository } from '../accounts/account.repository.js';
import type { MailLinkRepository } from '../mail-links/mail-link.repository.js';
import type { MailQueue } from '../mail/mail-queue.js';
import { MailTemplates } from '../mail/mail-templates.js';
import type { SendVerification } from './send-verification.js';

export interface VerifyEmailDeps {
  readonly accounts: AccountRepository;
  readonly links: MailLinkRepository;
  readonly publisher: EventPublisher;
  readonly clock: Clock;
  readonly mail?: MailQueue;
}

/**
 * `POST /account/verify-email`: the link's token proves the mailbox. For the sign-up address it
 * marks the account verified; for a new address (email change) it moves the account there. Either
 * way `user.email-verified` tells the users service (profile `email` and `emailVerified`).
 */
export class VerifyEmailUseCase {
  constructor(private readonly deps: VerifyEmailDeps) {}

  async execute(token: string): Promise<{ userId: string; email: string }> {
    const now = this.deps.clock.now();
    const link = await this.deps.links.consume(token, 'verify-email', now);
    const account = link && (await this.deps.accounts.findById(link.userId));
    if (!link || !account)
      throw new AuthError('VERIFICATION_TOKEN_INVALID', 'This link is not valid: it was used already, has expired, or is mistyped.');
    try {
      await this.deps.accounts.changeEmail(account.userId, account.email, link.email, now.toISOString());
    } catch (error) {
      if (error instanceof EmailTakenError) throw new AuthError('EMAIL_TAKEN', 'Another account uses this email address now.');
      throw error;
    }
    await publishVerified(this.deps.publisher, account.userId, link.email, now);
    // The old address hears of the move: it is how an owner learns someone else changed it.
    if (account.email !== link.email) this.deps.mail?.enqueue(MailTemplates.emailChanged(account.email, link.email, { at: now }));
    return { userId: account.userId, email: link.email };
  }
}

export async function publishVerified(publisher: Pick<EventPublisher, 'publish'>, userId: string, email: string, at: Date): Promise<void> {
  await publisher.publish(UserEmailVerifiedEvent, {
    id: `user.email-verified:${userId}:${email}:${at.getTime()}`,
    type: 'user.email-verified',
    occurredAt: at.toISOString(),
    data: { userId, email, verifiedAt: at.toISOString() },
  });
}

export interface ResendVerificationDeps {
  readonly accounts: AccountRepository;
  readonly verification: SendVerification;
  readonly clock: Clock;
}

/** `POST /account/verify-email/resend`: a new link for a signed-in user whose address is not verified yet. */
export class ResendVerificationUseCase {
  constructor(private readonly deps: ResendVerificationDeps) {}

  async execute(userId: string): Promise<{ sent: boolean }> {
    const account = await this.deps.accounts.findById(userId);
    if (!account) throw new AuthError('ACCOUNT_NOT_FOUND', 'No such account.');
    if (account.emailVerified) return { sent: false };
    await this.deps.verification.send(userId, account.email, 'resend', { at: this.deps.clock.now() });
    return { sent: true };
  }
}
