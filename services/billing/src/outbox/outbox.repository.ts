import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailed, sendConditional, type Dynamo } from '@tasksensei/platform';
import { OUTBOX_PENDING_INDEX } from '../storage/tables.js';
import type { OutboxEntry, OutboxStore } from './outbox.store.js';

/** The sparse index's one partition: only pending rows carry it. */
const PENDING = 'pending';
const RETENTION_SECONDS = 7 * 24 * 60 * 60;

export class DynamoOutboxRepository implements OutboxStore {
  private readonly table: string;

  constructor(private readonly dynamo: Dynamo) {
    this.table = dynamo.table('outbox');
  }

  async add(entry: OutboxEntry): Promise<boolean> {
    return sendConditional(this.dynamo, new PutCommand({ TableName: this.table, Item: { ...entry, userId: entry.change.userId, pending: PENDING }, ConditionExpression: 'attribute_not_exists(eventId)' }));
  }

  async listPending(before: Date, limit: number): Promise<OutboxEntry[]> {
    const { Items } = await this.dynamo.doc.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: OUTBOX_PENDING_INDEX,
        KeyConditionExpression: '#pending = :pending AND #createdAt < :before',
        ExpressionAttributeNames: { '#pending': 'pending', '#createdAt': 'createdAt' },
        ExpressionAttributeValues: { ':pending': PENDING, ':before': before.toISOString() },
        Limit: limit,
      }),
    );
    return (Items ?? []) as OutboxEntry[];
  }

  async finish(eventId: string, status: 'published' | 'superseded', now: Date): Promise<void> {
    try {
      await this.dynamo.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { eventId },
          UpdateExpression: 'SET #status = :status, #finishedAt = :now, #expiresAt = :expiresAt REMOVE #pending',
          ConditionExpression: '#status = :pendingStatus',
          ExpressionAttributeNames: { '#status': 'status', '#finishedAt': 'finishedAt', '#expiresAt': 'expiresAt', '#pending': 'pending' },
          ExpressionAttributeValues: {
            ':status': status,
            ':now': now.toISOString(),
            ':expiresAt': Math.floor(now.getTime() / 1000) + RETENTION_SECONDS,
            ':pendingStatus': 'pending',
          },
        }),
      );
    } catch (error) {
      // Another worker (the inline path or the relay) finished it first.
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }
}
