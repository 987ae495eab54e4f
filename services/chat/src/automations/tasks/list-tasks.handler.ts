import { Controller, Inject } from '@nestjs/common';
import { ListTasksContract, type Task } from '@tasksensei/contracts';
import { Handles, requireUser, type RequestContext } from '@tasksensei/platform';
import { TASKS } from '../../chat.tokens.js';
import type { TaskStore } from './task.store.js';

/** API.md `GET /tasks`: the caller's tasks, oldest first. */
@Controller()
export class ListTasksHandler {
  constructor(@Inject(TASKS) private readonly tasks: TaskStore) {}

  @Handles(ListTasksContract)
  async list(_request: unknown, context: RequestContext): Promise<Task[]> {
    const tasks = await this.tasks.list(requireUser(context));
    return tasks.map((t) => ({ taskId: t.taskId, title: t.title, status: t.status, ...(t.dueAt ? { dueAt: t.dueAt } : {}), createdAt: t.createdAt }));
  }
}
