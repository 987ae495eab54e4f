import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailed, sendConditional, queryAll, type Dynamo } from '@tasksensei/platform';
import type { ConversationRecord, ConversationStore, PendingQuestion } from './conversation.store.js';

export class DynamoConversationRepository implements ConversationStore {
  private readonly table: string;

  constructor(private readonly dynamo: Dynamo) {
    this.table = dynamo.table('chat-conversations');
  }

  async get(userId: string, conversationId: string): Promise<ConversationRecord | undefined> {
    const { Item } = await this.dynamo.doc.send(
      new GetCommand({ TableName: this.table, Key: { userId, conversationId }, ConsistentRead: true }),
    );
    return Item as ConversationRecord | undefined;
  }

  async create(record: ConversationRecord): Promise<boolean> {
    return sendConditional(
      this.dynamo,
      new PutCommand({ TableName: this.table, Item: record, ConditionExpression: 'attribute_not_exists(conversationId)' }),
    );
  }

  async list(userId: string): Promise<ConversationRecord[]> {
    return queryAll<ConversationRecord>(this.dynamo, {
      TableName: this.table,
      KeyConditionExpression: 'userId = :userId',
      ExpressionAttributeValues: { ':userId': userId },
    });
  }

  async touch(userId: string, conversationId: string, updatedAt: string): Promise<void> {
    await this.touched(userId, conversationId, updatedAt, 'NONE');
  }

  async touchAndGet(userId: string, conversationId: string, updatedAt: string): Promise<ConversationRecord | undefined> {
    // None, or touched later already (another replica's clock): which one, read.
    return (await this.touched(userId, conversationId, updatedAt, 'ALL_NEW')) ?? this.get(userId, conversationId);
  }

  /** Moves `updatedAt` forward; the record after it with ALL_NEW, undefined when the condition did not hold. */
  private async touched(
    userId: string,
    conversationId: string,
    updatedAt: string,
    returnValues: 'NONE' | 'ALL_NEW',
  ): Promise<ConversationRecord | undefined> {
    try {
      const { Attributes } = await this.dynamo.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { userId, conversationId },
          UpdateExpression: 'SET updatedAt = :now',
          // Never moves back in time, never resurrects a deleted conversation.
          ConditionExpression: 'attribute_exists(conversationId) AND updatedAt < :now',
          ExpressionAttributeValues: { ':now': updatedAt },
          ReturnValues: returnValues,
        }),
      );
      return Attributes as ConversationRecord | undefined;
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      return undefined;
    }
  }

  async saveSummary(userId: string, conversationId: string, summary: string, through: string): Promise<void> {
    try {
      await this.dynamo.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { userId, conversationId },
          UpdateExpression: 'SET summary = :summary, summarizedThrough = :through',
          // Two summaries racing: the one that covers more wins.
          ConditionExpression:
            'attribute_exists(conversationId) AND (attribute_not_exists(summarizedThrough) OR summarizedThrough < :through)',
          ExpressionAttributeValues: { ':summary': summary, ':through': through },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  async setPending(userId: string, conversationId: string, pending: PendingQuestion | undefined): Promise<void> {
    try {
      await this.dynamo.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { userId, conversationId },
          ...(pending
            ? { UpdateExpression: 'SET pending = :pending', ExpressionAttributeValues: { ':pending': pending } }
            : { UpdateExpression: 'REMOVE pending' }),
          ConditionExpression: 'attribute_exists(conversationId)',
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  async delete(userId: string, conversationId: string): Promise<boolean> {
    const { Attributes } = await this.dynamo.doc.send(
      new DeleteCommand({ TableName: this.table, Key: { userId, conversationId }, ReturnValues: 'ALL_OLD' }),
    );
    return Attributes !== undefined;
  }
}
