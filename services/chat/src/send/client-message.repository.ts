import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailed, sendConditional, type Dynamo } from '@tasksensei/platform';
import type { ClaimOutcome, ClientMessageRecord, ClientMessageStore } from './client-message.store.js';

/** A client retries within minutes; a week covers any reconnect with an old outbox. */
const RETENTION_SECONDS = 7 * 24 * 60 * 60;

export class DynamoClientMessageRepository implements ClientMessageStore {
  private readonly table: string;

  constructor(private readonly dynamo: Dynamo) {
    this.table = dynamo.table('chat-client-messages');
  }

  async claim(record: ClientMessageRecord): Promise<ClaimOutcome> {
    const expiresAt = Math.floor(Date.parse(record.claimedAt) / 1000) + RETENTION_SECONDS;
    try {
      await this.dynamo.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...record, expiresAt },
          ConditionExpression: 'attribute_not_exists(clientMessageId)',
        }),
      );
      return { kind: 'claimed' };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
    const { Item } = await this.dynamo.doc.send(
      new GetCommand({
        TableName: this.table,
        Key: { userId: record.userId, clientMessageId: record.clientMessageId },
        ConsistentRead: true,
      }),
    );
    // Released between our write and read: the caller may simply try again.
    if (!Item) return this.claim(record);
    return { kind: 'duplicate', record: Item as ClientMessageRecord };
  }

  async accept(userId: string, clientMessageId: string): Promise<void> {
    await this.dynamo.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { userId, clientMessageId },
        UpdateExpression: 'SET #state = :accepted',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':accepted': 'accepted' },
      }),
    );
  }

  async takeOver(stale: ClientMessageRecord, claimedAt: string): Promise<boolean> {
    return sendConditional(
      this.dynamo,
      new UpdateCommand({
        TableName: this.table,
        Key: { userId: stale.userId, clientMessageId: stale.clientMessageId },
        UpdateExpression: 'SET claimedAt = :now',
        ConditionExpression: '#state = :pending AND claimedAt = :seen',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':now': claimedAt, ':pending': 'pending', ':seen': stale.claimedAt },
      }),
    );
  }

  async release(userId: string, clientMessageId: string): Promise<void> {
    await this.dynamo.doc.send(new DeleteCommand({ TableName: this.table, Key: { userId, clientMessageId } }));
  }
}
