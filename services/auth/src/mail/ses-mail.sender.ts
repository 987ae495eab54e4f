import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { MailMessage, MailSender } from './mail.port.js';

/** Amazon SES (v2 API), with the task role's credentials; `from` must be a verified identity. */
export class SesMailSender implements MailSender {
  private readonly client: SESv2Client;

  constructor(private readonly deps: { readonly region: string; readonly from: string; readonly configurationSet?: string }) {
    this.client = new SESv2Client({ region: deps.region });
  }

  async send(message: MailMessage): Promise<void> {
    await this.client.send(
      new SendEmailCommand({
        FromEmailAddress: this.deps.from,
        Destination: { ToAddresses: [message.to] },
        ...(this.deps.configurationSet ? { ConfigurationSetName: this.deps.configurationSet } : {}),
        Content: {
          Simple: {
            Subject: { Data: message.subject, Charset: 'UTF-8' },
            Body: { Text: { Data: message.text, Charset: 'UTF-8' }, Html: { Data: message.html, Charset: 'UTF-8' } },
          },
        },
      }),
    );
  }
}
