import type { Logger } from '@tasksensei/platform';
import type { AccountRepository } from '../accounts/account.repository.js';
import { normaliseEmail } from '../accounts/credentials-policy.js';
import type { LoginThrottleRepository } from '../accounts/login-throttle.repository.js';
import type { MailLinkRepository } from '../mail-links/mail-link.repository.js';
import type { MailQueue } from '../mail/mail-queue.js';
import { MailTemplates } from '../mail/mail-templates.js';
import type { Clock } from '../shared/clock.js';

export const RESET_LINK_TTL_SECONDS = 30 * 60;
/** At most this many reset mails per account per hour: the form cannot be used to flood a mailbox. */
const MAILS_PER_HOUR = 5;

/**
 * `POST /password/forgot`. The answer comes before anything about the account is looked up, so
 * neither its content nor its timing tells whether the account exists; the lookup, the link and
 * the mail happen afterwards.
 */
export class ForgotPasswordUseCase {
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly accounts: AccountRepository,
    private readonly links: MailLinkRepository,
    private readonly throttle: LoginThrottleRepository,
    private readonly mail: MailQueue,
    private readonly publicUrl: string,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  execute(rawEmail: string, remoteAddress: string | undefined): { accepted: true } {
    const job = this.sendLink(normaliseEmail(rawEmail).slice(0, 254), remoteAddress)
      .catch((error: unknown) => this.logger.error({ err: error }, 'password reset mail failed'))
      .finally(() => this.pending.delete(job));
    this.pending.add(job);
    return { accepted: true };
  }

  private async sendLink(email: string, remoteAddress: string | undefined): Promise<void> {
    const account = await this.accounts.findByEmail(email);
    if (!account) return;
    const flood = await this.throttle.recordFailure(`reset-mail#${account.userId}`, { maxFailures: MAILS_PER_HOUR + 1, windowSeconds: 3_600, lockSeconds: 3_600 });
    if (flood > 0 || (await this.throttle.lockedFor(`reset-mail#${account.userId}`)) > 0) return;
    const now = this.clock.now();
    const token = await this.links.issue({ kind: 'reset-password', userId: account.userId, email }, RESET_LINK_TTL_SECONDS, now);
    this.mail.enqueue(MailTemplates.resetPassword(email, `${this.publicUrl}/reset-password?token=${token}`, { at: now, ...(remoteAddress ? { address: remoteAddress } : {}) }));
  }
}
