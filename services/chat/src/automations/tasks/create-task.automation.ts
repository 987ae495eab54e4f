import { z } from 'zod';
import { derivedId } from '../../shared/ids.js';
import { formatLocal, type Automation } from '../automation.js';
import { isoDateTime, taskTitle } from '../schemas.js';
import type { TaskStore } from './task.store.js';

const schema = z.object({ title: taskTitle(), dueAt: isoDateTime('When it is due, if the user said.').optional() }).strict();

export const createTaskAutomation = (tasks: TaskStore): Automation<typeof schema> => ({
  name: 'create_task',
  description: "Add a task to the user's task list, optionally with a due date. Use for to-dos without a reminder.",
  schema,
  async run(input, context) {
    // The id comes from the call's place in the reply: running the call again writes the same row.
    const task = await tasks.create({
      userId: context.userId,
      taskId: derivedId('t_', context.messageId, String(context.callIndex)),
      title: input.title,
      status: 'open',
      ...(input.dueAt ? { dueAt: input.dueAt } : {}),
      createdAt: context.now.toISOString(),
      sourceMessageId: context.messageId,
    });
    return {
      ok: true,
      task: { taskId: task.taskId, title: task.title, status: task.status, ...(task.dueAt ? { dueAt: task.dueAt } : {}) },
    };
  },
  describe(input, result, timezone) {
    if (!result.ok) return `create_task failed: ${result.message}`;
    return `Created task "${input.title}"${input.dueAt ? `, due ${formatLocal(input.dueAt, timezone)}` : ''}.`;
  },
});
