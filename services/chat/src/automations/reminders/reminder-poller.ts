import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { type Clock, type Logger, PeriodicSweep, type SweepMetrics } from '@tasksensei/platform';
import type { ChatEvents } from '../../events/chat-events.js';
import type { TaskStore } from '../tasks/task.store.js';
import type { ReminderStore } from './reminder.store.js';

const BATCH = 100;
/** How long a claim protects a delivery in progress before another replica may take it over. */
const CLAIM_MS = 30_000;

/**
 * Delivers due reminders as `reminder.due` on the user's event stream. Every replica polls;
 * a conditional claim makes exactly one of them deliver each reminder, and the schedule lives
 * in DynamoDB, so a restart (or a reminder that fell due while everything was down) delivers late
 * rather than never. A task completed before its reminder is not announced.
 */
export class ReminderPoller implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly loop: PeriodicSweep;

  constructor(
    private readonly reminders: ReminderStore,
    private readonly tasks: TaskStore,
    private readonly events: ChatEvents,
    intervalMs: number,
    private readonly clock: Clock,
    private readonly logger: Logger,
    sweepMetrics?: SweepMetrics,
  ) {
    this.loop = new PeriodicSweep(() => this.pass(), { name: 'reminder poller', intervalMs, logger, metrics: sweepMetrics });
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.loop.stop();
  }

  /** One pass; a pass still running is joined, not doubled. */
  poll(): Promise<void> {
    return this.loop.runOnce();
  }

  /** Throws on a store failure: the sweep logs and counts it, and the next pass retries. */
  private async pass(): Promise<void> {
    const now = this.clock.now();
    const due = await this.reminders.due(now.toISOString(), BATCH);
    for (const reminder of due) {
      if (!(await this.reminders.claim(reminder.reminderId, new Date(now.getTime() + CLAIM_MS).toISOString(), now.toISOString()))) continue;
      const task = await this.tasks.get(reminder.userId, reminder.taskId);
      if (task?.status === 'open') {
        this.events.publish({
          event: 'reminder.due',
          userId: reminder.userId,
          data: { taskId: reminder.taskId, title: reminder.title, dueAt: reminder.dueAt },
        });
      }
      await this.reminders.delivered(reminder.reminderId, this.clock.now().toISOString());
      this.logger.info({ reminderId: reminder.reminderId, announced: task?.status === 'open' }, 'reminder due');
    }
  }
}
