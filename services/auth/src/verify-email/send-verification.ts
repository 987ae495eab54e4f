import type { MailLinkRepository } from '../mail-links/mail-link.repository.js';
import type { MailQueue } from '../mail/mail-queue.js';
import { MailTemplates, type Requester } from '../mail/mail-templates.js';

export const VERIFY_EMAIL_TTL_SECONDS = 24 * 3_600;

/** Mails a single-use, 24-hour link that proves `email` belongs to `userId`'s owner. */
export class SendVerification {
  constructor(
    private readonly links: MailLinkRepository,
    private readonly mail: MailQueue,
    private readonly publicUrl: string,
  ) {}

  async send(userId: string, email: string, reason: 'signup' | 'change' | 'resend', requester: Requester): Promise<void> {
    const token = await this.links.issue({ kind: 'verify-email', userId, email }, VERIFY_EMAIL_TTL_SECONDS, requester.at);
    const url = `${this.publicUrl}/verify-email?token=${token}`;
    this.mail.enqueue(MailTemplates.verifyEmail(email, url, requester, reason));
  }
}
