import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Logger } from '@tasksensei/platform';
import type { MessageStore } from '../conversations/message.store.js';
import type { ChatEvents } from '../events/chat-events.js';
import type { Clock } from '@tasksensei/platform';
import type { ChatMetrics } from './chat-metrics.js';

const BATCH = 50;

/**
 * Replies left `generating` by a process that died (crash, kill, lost node): once its lease has
 * run out, the reply is marked failed and the user gets `message.error` (`reply_interrupted`),
 * so the history never shows a reply that will not come. Runs at start and then every half
 * lease on every replica; the conditional write (lease unchanged since seen) lets exactly one
 * of them act, and never on a reply whose owner is still renewing it.
 */
export class ReplyRecovery implements OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly messages: MessageStore,
    private readonly events: ChatEvents,
    private readonly leaseMs: number,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly metrics?: ChatMetrics,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), Math.max(500, Math.floor(this.leaseMs / 2)));
    this.timer.unref();
    void this.sweep();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  sweep(): Promise<void> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<void> {
    try {
      const expired = await this.messages.expiredReplies(this.clock.now().toISOString(), BATCH);
      for (const reply of expired) {
        const ref = { conversationId: reply.conversationId, position: reply.position, messageId: reply.messageId, userId: reply.userId };
        if (!(await this.messages.failReply(ref, 'reply_interrupted', { expectedLease: reply.leaseUntil ?? '' }))) continue;
        this.events.publish({
          event: 'message.error',
          userId: reply.userId,
          data: {
            conversationId: reply.conversationId,
            messageId: reply.messageId,
            code: 'reply_interrupted',
            message: 'The assistant was restarted before it finished this reply; please send your message again.',
          },
        });
        this.metrics?.replies.inc({ outcome: 'interrupted' });
        this.logger.warn({ conversationId: reply.conversationId, messageId: reply.messageId, owner: reply.owner }, 'reply left by a stopped process marked failed');
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'reply recovery pass failed; the next one retries');
    }
  }
}
