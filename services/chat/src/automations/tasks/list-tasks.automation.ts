import { z } from 'zod';
import type { Automation } from '../automation.js';
import type { TaskStore } from './task.store.js';

const schema = z
  .object({ status: z.enum(['open', 'done', 'all']).default('open').describe('open (default): still to do; done: completed; all: both.') })
  .strict();

const SHOWN = 50;

export const listTasksAutomation = (tasks: TaskStore): Automation<typeof schema> => ({
  name: 'list_tasks',
  description: "List the user's tasks (open by default, or done, or all).",
  schema,
  async run(input, context) {
    const all = await tasks.list(context.userId);
    const selected = input.status === 'all' ? all : all.filter((t) => t.status === input.status);
    return {
      ok: true,
      status: input.status,
      total: selected.length,
      tasks: selected
        .slice(0, SHOWN)
        .map((t) => ({ taskId: t.taskId, title: t.title, status: t.status, ...(t.dueAt ? { dueAt: t.dueAt } : {}) })),
    };
  },
  describe(input, result) {
    return result.ok
      ? `Listed ${String(result.total)} ${input.status === 'all' ? '' : `${input.status} `}task(s).`
      : `list_tasks failed: ${result.message}`;
  },
});
