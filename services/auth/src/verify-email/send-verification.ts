import type { MailLinkRepository } from '../mail-links/mail-link.repository.js';
import type { MailQueue } from '../mail/mail-queue.js';
import { MailTemplates, type Requester } from '../mail/mail-templates.js';

export const VERIFY_EMAIL_TTL_SECONDS = 24 * 3_600;

export interface SendVerificationDeps {
  readonly links: MailLinkRepository;
  readonly mail: MailQueue;
  readonly publicUrl: string;
}

/** Mails a single-use, 24-hour link that proves `email` belongs to `userId`'s owner. */
export class SendVerification {
  constructor(private readonly deps: SendVerificationDeps) {}

  async send(userId: string, email: string, reason: 'signup' | 'change' | 'resend', requester: Requester): Promise<void> {
    const token = await this.deps.links.issue({ kind: 'verify-email', userId, email }, VERIFY_EMAIL_TTL_SECONDS, requester.at);
    const url = `${this.deps.publicUrl}/verify-email?token=${token}`;
    this.deps.mail.enqueue(MailTemplates.verifyEmail(email, url, requester, reason));
  }
}
