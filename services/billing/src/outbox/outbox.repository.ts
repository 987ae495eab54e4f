import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailed, sendConditional, type Dynamo } from '@tasksensei/platform';
import { OUTBOX_PENDING_INDEX } from '../storage/tables.js';
import type { OutboxEntry, OutboxPage, OutboxStore } from './outbox.store.js';

/**
 * The creation-time index's one partition. Every entry carries it (the name is from when only
 * unfinished rows did); the relay reads the index by time from its checkpoint.
 */
const PENDING = 'pending';
const RETENTION_SECONDS = 7 * 24 * 60 * 60;
/** The relay's checkpoint row: no `pending` and no `userId`, so in neither index. */
const CHECKPOINT_KEY = 'relay-checkpoint';

export class DynamoOutboxRepository implements OutboxStore {
  private readonly table: string;

  constructor(private readonly dynamo: Dynamo) {
    this.table = dynamo.table('outbox');
  }

  async add(entry: OutboxEntry): Promise<boolean> {
    const expiresAt = Math.floor(Date.parse(entry.createdAt) / 1000) + RETENTION_SECONDS;
    return sendConditional(
      this.dynamo,
      new PutCommand({
        TableName: this.table,
        Item: { ...entry, userId: entry.change.userId, pending: PENDING, expiresAt },
        ConditionExpression: 'attribute_not_exists(eventId)',
      }),
    );
  }

  async listCreated(from: Date, until: Date, limit: number, start?: Record<string, unknown>): Promise<OutboxPage> {
    const { Items, LastEvaluatedKey } = await this.dynamo.doc.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: OUTBOX_PENDING_INDEX,
        KeyConditionExpression: '#pending = :pending AND #createdAt BETWEEN :from AND :until',
        ExpressionAttributeNames: { '#pending': 'pending', '#createdAt': 'createdAt' },
        ExpressionAttributeValues: { ':pending': PENDING, ':from': from.toISOString(), ':until': until.toISOString() },
        Limit: limit,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    return { entries: (Items ?? []) as OutboxEntry[], ...(LastEvaluatedKey ? { next: LastEvaluatedKey } : {}) };
  }

  async checkpoint(): Promise<Date | undefined> {
    const { Item } = await this.dynamo.doc.send(
      new GetCommand({ TableName: this.table, Key: { eventId: CHECKPOINT_KEY }, ConsistentRead: true }),
    );
    return typeof Item?.checkpoint === 'string' ? new Date(Item.checkpoint) : undefined;
  }

  async saveCheckpoint(at: Date): Promise<void> {
    try {
      await this.dynamo.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { eventId: CHECKPOINT_KEY },
          UpdateExpression: 'SET #checkpoint = :at',
          ConditionExpression: 'attribute_not_exists(#checkpoint) OR #checkpoint < :at',
          ExpressionAttributeNames: { '#checkpoint': 'checkpoint' },
          ExpressionAttributeValues: { ':at': at.toISOString() },
        }),
      );
    } catch (error) {
      // Another replica's relay is further on already.
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }
}
