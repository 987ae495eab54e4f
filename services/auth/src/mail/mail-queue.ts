import { later, type Logger, type WaitableClock } from '@tasksensei/platform';
import type { MailMessage, MailSender } from './mail.port.js';

export interface MailQueueDeps {
  readonly sender: MailSender;
  readonly logger: Logger;
  /** Waited on between attempts. */
  readonly clock: WaitableClock;
  readonly retryDelaysMs?: readonly number[];
}

const RETRY_DELAYS_MS = [500, 2_000, 8_000];

/**
 * Sends in the background with a few retries, so no answer waits on (or reveals by its timing)
 * the mail server. A mail that still fails is logged without its content (it holds a link).
 */
export class MailQueue {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly deps: MailQueueDeps) {}

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
        await this.deps.sender.send(message);
        return;
      } catch (error) {
        const delays = this.deps.retryDelaysMs ?? RETRY_DELAYS_MS;
        if (attempt >= delays.length) {
          this.deps.logger.error({ err: error, subject: message.subject }, 'mail could not be sent');
          return;
        }
        await this.deps.clock.waitUntil(later(this.deps.clock, delays[attempt]!));
      }
    }
  }
}
