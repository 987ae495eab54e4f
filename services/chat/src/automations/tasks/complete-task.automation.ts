import { z } from 'zod';
import { failure, type Automation } from '../automation.js';
import type { TaskStore } from './task.store.js';
import { bestTitleMatch } from './title-match.js';

const schema = z
  .object({
    title: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .describe('The task as the user referred to it; matched against open tasks, typos allowed.'),
    taskId: z.string().min(1).max(100).optional().describe('The exact task id, when known from list_tasks.'),
  })
  .strict()
  .refine((v) => v.title || v.taskId, 'give title or taskId');

export const completeTaskAutomation = (tasks: TaskStore): Automation<typeof schema> => ({
  name: 'complete_task',
  description: "Mark one of the user's open tasks as done, found by its title (fuzzy) or id.",
  schema,
  async run(input, context) {
    const all = await tasks.list(context.userId);
    const open = all.filter((t) => t.status === 'open');
    let task = input.taskId ? all.find((t) => t.taskId === input.taskId) : undefined;
    if (!task && input.title) {
      const { match, ambiguous } = bestTitleMatch(input.title, open, (t) => t.title);
      if (ambiguous.length > 1) {
        return failure('ambiguous', `More than one open task matches "${input.title}".`, {
          candidates: ambiguous.map((m) => m.item.title),
        });
      }
      task = match?.item;
    }
    if (!task)
      return failure('no_match', `No open task matches "${input.title ?? input.taskId}".`, {
        openTasks: open.slice(0, 20).map((t) => t.title),
      });
    const done = await tasks.complete(context.userId, task.taskId, context.now.toISOString());
    if (!done) return failure('no_match', `The task "${task.title}" no longer exists.`);
    return { ok: true, task: { taskId: done.taskId, title: done.title, status: done.status } };
  },
  describe(input, result) {
    if (!result.ok) return `complete_task found nothing to complete for "${input.title ?? input.taskId}".`;
    return `Marked task "${(result.task as { title: string }).title}" as done.`;
  },
});
