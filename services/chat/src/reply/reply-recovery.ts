import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { type Clock, type Logger, PeriodicSweep, type SweepMetrics } from '@tasksensei/platform';
import type { MessageStore } from '../conversations/message.store.js';
import type { ChatEvents } from '../events/chat-events.js';
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
  private readonly loop: PeriodicSweep;

  constructor(
    private readonly messages: MessageStore,
    private readonly events: ChatEvents,
    leaseMs: number,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly metrics?: ChatMetrics,
    sweepMetrics?: SweepMetrics,
  ) {
    this.loop = new PeriodicSweep(() => this.pass(), {
      name: 'reply recovery',
      intervalMs: Math.max(500, Math.floor(leaseMs / 2)),
      logger,
      metrics: sweepMetrics,
    });
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.loop.stop();
  }

  /** One pass; a pass still running is joined, not doubled. */
  sweep(): Promise<void> {
    return this.loop.runOnce();
  }

  /** Throws on a store failure: the sweep logs and counts it, and the next pass retries. */
  private async pass(): Promise<void> {
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
      this.logger.warn(
        { conversationId: reply.conversationId, messageId: reply.messageId, owner: reply.owner },
        'reply left by a stopped process marked failed',
      );
    }
  }
}
