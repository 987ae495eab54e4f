import { z } from 'zod';
import { derivedId } from '../../shared/ids.js';
import { failure, formatLocal, type Automation } from '../automation.js';
import { isoDateTime, taskTitle } from '../schemas.js';
import type { TaskStore } from '../tasks/task.store.js';
import type { ReminderStore } from './reminder.store.js';

const schema = z.object({ title: taskTitle(), dueAt: isoDateTime('When to remind the user.') }).strict();

/** A minute of slack: "in 1 minute" said slowly is not "in the past". */
const PAST_TOLERANCE_MS = 60_000;

/**
 * A reminder is a task with a due time plus a delivery: at `dueAt` the user's sockets get
 * `reminder.due`. Stored in DynamoDB, so it survives restarts (see ReminderPoller).
 */
export const scheduleReminderAutomation = (tasks: TaskStore, reminders: ReminderStore): Automation<typeof schema> => ({
  name: 'schedule_reminder',
  description: 'Remind the user about something at a given time (creates a task with that due time and notifies them when due).',
  schema,
  async run(input, context) {
    if (Date.parse(input.dueAt) < context.now.getTime() - PAST_TOLERANCE_MS) {
      return failure('due_in_past', `${formatLocal(input.dueAt, context.timezone)} is in the past.`);
    }
    const key = [context.messageId, String(context.callIndex)];
    const task = await tasks.create({
      userId: context.userId,
      taskId: derivedId('t_', ...key),
      title: input.title,
      status: 'open',
      dueAt: input.dueAt,
      createdAt: context.now.toISOString(),
      sourceMessageId: context.messageId,
    });
    await reminders.schedule({
      reminderId: derivedId('r_', ...key),
      userId: context.userId,
      taskId: task.taskId,
      title: task.title,
      dueAt: task.dueAt ?? input.dueAt,
    });
    return { ok: true, reminder: { taskId: task.taskId, title: task.title, dueAt: task.dueAt ?? input.dueAt } };
  },
  describe(input, result, timezone) {
    if (!result.ok) return `schedule_reminder did not run: ${result.message}`;
    return `Scheduled a reminder "${input.title}" for ${formatLocal(input.dueAt, timezone)}.`;
  },
});
