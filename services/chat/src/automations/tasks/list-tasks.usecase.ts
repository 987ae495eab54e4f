import type { Task } from '@tasksensei/contracts';
import type { TaskStore } from './task.store.js';

/** API.md `GET /tasks`: the caller's tasks, oldest first, open and done alike. */
export class ListTasksUseCase {
  constructor(private readonly tasks: TaskStore) {}

  async execute(userId: string): Promise<Task[]> {
    const tasks = await this.tasks.list(userId);
    return tasks.map((t) => ({
      taskId: t.taskId,
      title: t.title,
      status: t.status,
      ...(t.dueAt ? { dueAt: t.dueAt } : {}),
      createdAt: t.createdAt,
    }));
  }
}
