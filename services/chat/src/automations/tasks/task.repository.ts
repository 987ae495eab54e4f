import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailed, queryAll, type Dynamo } from '@tasksensei/platform';
import type { TaskRecord, TaskStore } from './task.store.js';

export class DynamoTaskRepository implements TaskStore {
  private readonly table: string;

  constructor(private readonly dynamo: Dynamo) {
    this.table = dynamo.table('chat-tasks');
  }

  async create(record: TaskRecord): Promise<TaskRecord> {
    try {
      await this.dynamo.doc.send(
        new PutCommand({ TableName: this.table, Item: record, ConditionExpression: 'attribute_not_exists(taskId)' }),
      );
      return record;
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      return (await this.get(record.userId, record.taskId)) ?? record;
    }
  }

  async get(userId: string, taskId: string): Promise<TaskRecord | undefined> {
    const { Item } = await this.dynamo.doc.send(new GetCommand({ TableName: this.table, Key: { userId, taskId }, ConsistentRead: true }));
    return Item as TaskRecord | undefined;
  }

  async list(userId: string): Promise<TaskRecord[]> {
    const items = await queryAll<TaskRecord>(this.dynamo, {
      TableName: this.table,
      KeyConditionExpression: 'userId = :userId',
      ExpressionAttributeValues: { ':userId': userId },
      ConsistentRead: true,
    });
    return items.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.taskId.localeCompare(b.taskId));
  }

  async complete(userId: string, taskId: string, at: string): Promise<TaskRecord | undefined> {
    try {
      const { Attributes } = await this.dynamo.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { userId, taskId },
          // Completing twice keeps the first completion time.
          UpdateExpression: 'SET #status = :done, completedAt = if_not_exists(completedAt, :at)',
          ConditionExpression: 'attribute_exists(taskId)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':done': 'done', ':at': at },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes as TaskRecord;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return undefined;
      throw error;
    }
  }
}
