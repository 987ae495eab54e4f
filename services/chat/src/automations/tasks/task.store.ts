export interface TaskRecord {
  readonly userId: string;
  readonly taskId: string;
  readonly title: string;
  readonly status: 'open' | 'done';
  readonly dueAt?: string;
  readonly createdAt: string;
  readonly completedAt?: string;
  /** The reply whose automation created it. */
  readonly sourceMessageId?: string;
}

export interface TaskStore {
  /** Creates the task unless its id exists; either way answers the stored task (idempotent). */
  create(record: TaskRecord): Promise<TaskRecord>;
  get(userId: string, taskId: string): Promise<TaskRecord | undefined>;
  list(userId: string): Promise<TaskRecord[]>;
  complete(userId: string, taskId: string, at: string): Promise<TaskRecord | undefined>;
}
