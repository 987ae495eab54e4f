import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Logger } from '@tasksensei/platform';
import type { ChatEvents } from '../../events/chat-events.js';
import type { Clock } from '@tasksensei/platform';
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
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly reminders: ReminderStore,
    private readonly tasks: TaskStore,
    private readonly events: ChatEvents,
    private readonly intervalMs: number,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.poll(), this.intervalMs);
    this.timer.unref();
    void this.poll();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass; a pass still running makes this a no-op. */
  poll(): Promise<void> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<void> {
    try {
      const now = this.clock.now();
      const due = await this.reminders.due(now.toISOString(), BATCH);
      for (const reminder of due) {
        if (!(await this.reminders.claim(reminder.reminderId, new Date(now.getTime() + CLAIM_MS).toISOString(), now.toISOString()))) continue;
        const task = await this.tasks.get(reminder.userId, reminder.taskId);
        if (task?.status === 'open') {
          this.events.publish({ event: 'reminder.due', userId: reminder.userId, data: { taskId: reminder.taskId, title: reminder.title, dueAt: reminder.dueAt } });
        }
        await this.reminders.delivered(reminder.reminderId, this.clock.now().toISOString());
        this.logger.info({ reminderId: reminder.reminderId, announced: task?.status === 'open' }, 'reminder due');
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'reminder pass failed; the next one retries');
    }
  }
}
