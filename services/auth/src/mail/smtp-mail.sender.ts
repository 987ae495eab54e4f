import { createTransport, type Transporter } from 'nodemailer';
import type { MailMessage, MailSender } from './mail.port.js';

/** SMTP (the local stack's server, or any relay) through nodemailer. */
export class SmtpMailSender implements MailSender {
  private readonly transport: Transporter;

  constructor(private readonly deps: { readonly url: string; readonly from: string }) {
    this.transport = createTransport(deps.url);
  }

  async send(message: MailMessage): Promise<void> {
    await this.transport.sendMail({
      from: this.deps.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
    });
  }
}
