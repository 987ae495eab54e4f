import type { Clock, Logger } from '@tasksensei/platform';
import type { AccountRepository } from '../accounts/account.repository.js';
import { normaliseEmail } from '../accounts/credentials-policy.js';
import type { LoginThrottleRepository } from '../accounts/login-throttle.repository.js';
import type { MailLinkRepository } from '../mail-links/mail-link.repository.js';
import type { MailQueue } from '../mail/mail-queue.js';
import { MailTemplates } from '../mail/mail-templates.js';

export const RESET_LINK_TTL_SECONDS = 30 * 60;
/** At most this many reset mails per account per hour: the form cannot be used to flood a mailbox. */
const MAILS_PER_HOUR = 5;

export interface ForgotPasswordDeps {
  readonly accounts: AccountRepository;
  readonly links: MailLinkRepository;
  readonly throttle: LoginThrottleRepository;
  readonly mail: MailQueue;
  readonly publicUrl: string;
  readonly clock: Clock;
  readonly logger: Logger;
}

/**
 * `POST /password/forgot`. The answer comes before anything about the account is looked up, so
 * neither its content nor its timing tells whether the account exists; the lookup, the link and
 * the mail happen afterwards.
 */
export class ForgotPasswordUseCase {
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly deps: ForgotPasswordDeps) {}

  execute(rawEmail: string, remoteAddress: string | undefined): { accepted: true } {
    const job = this.sendLink(normaliseEmail(rawEmail).slice(0, 254), remoteAddress)
      .catch((error: unknown) => this.deps.logger.error({ err: error }, 'password reset mail failed'))
      .finally(() => this.pending.delete(job));
    this.pending.add(job);
    return { accepted: true };
  }

  private async sendLink(email: string, remoteAddress: string | undefined): Promise<void> {
    const account = await this.deps.accounts.findByEmail(email);
    if (!account) return;
    const flood = await this.deps.throttle.recordFailure(`reset-mail#${account.userId}`, {
      maxFailures: MAILS_PER_HOUR + 1,
      windowSeconds: 3_600,
      lockSeconds: 3_600,
    });
    if (flood > 0 || (await this.deps.throttle.lockedFor(`reset-mail#${account.userId}`)) > 0) return;
    const now = this.deps.clock.now();
    const token = await this.deps.links.issue({ kind: 'reset-password', userId: account.userId, email }, RESET_LINK_TTL_SECONDS, now);
    this.deps.mail.enqueue(
      MailTemplates.resetPassword(email, `${this.deps.publicUrl}/reset-password?token=${token}`, {
        at: now,
        ...(remoteAddress ? { address: remoteAddress } : {}),
      }),
    );
  }
}
