export interface MailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** Where the account mails go: SES in production, the local stack's SMTP server locally. */
export interface MailSender {
  send(message: MailMessage): Promise<void>;
}
