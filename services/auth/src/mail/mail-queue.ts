import type { Logger } from '@tasksensei/platform';
import type { MailMessage, MailSender } from './mail.port.js';

/**
 * Sends in the background with a few retries, so no answer waits on (or reveals by its timing)
 * the mail server. A mail that still fails is logged without its content (it holds a link).
 */
export class MailQueue {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly sender: MailSender,
    private readonly logger: Logger,
    private readonly retryDelaysMs: readonly number[] = [500, 2_000, 8_000],
  ) {}

  enqueue(message: MailMessage): void {
    const job = this.deliver(message).finally(() => this.inFlight.delete(job));
    this.inFlight.add(job);
  }

  /** Waits for mails in flight (shutdown). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  private async deliver(message: MailMessage): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.sender.send(message);
        return;
      } catch (error) {
        if (attempt >= this.retryDelaysMs.length) {
          this.logger.error({ err: error, subject: message.subject }, 'mail could not be sent');
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, this.retryDelaysMs[attempt]));
      }
    }
  }
}
