import { BatchWriteCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { sendConditional, queryAll, type Dynamo } from '@tasksensei/platform';
import { REPLIES_IN_FLIGHT_INDEX } from '../storage/tables.js';
import type { CompleteReplyOptions, MessageRecord, MessageStore, ReplyRef } from './message.store.js';

/** The value of the sparse index key while a reply is generating. */
const GENERATING = 'yes';

export class DynamoMessageRepository implements MessageStore {
  private readonly table: string;

  constructor(private readonly dynamo: Dynamo) {
    this.table = dynamo.table('chat-messages');
  }

  async put(record: MessageRecord): Promise<void> {
    await this.dynamo.doc.send(new PutCommand({ TableName: this.table, Item: record }));
  }

  async startReply(reply: ReplyRef, createdAt: string, owner: string, leaseUntil: string, question?: MessageRecord): Promise<void> {
    const placeholder = {
      ...reply,
      role: 'assistant',
      text: '',
      createdAt,
      state: 'generating',
      generating: GENERATING,
      owner,
      leaseUntil,
    };
    if (!question) {
      await this.dynamo.doc.send(new PutCommand({ TableName: this.table, Item: placeholder }));
      return;
    }
    // One request for the two items (a reply's first token waits for it).
    const left = await this.batchWrite([{ PutRequest: { Item: question } }, { PutRequest: { Item: placeholder } }]);
    if (left > 0) throw new Error('the store left the message and its reply placeholder unwritten');
  }

  async renewLease(reply: ReplyRef, owner: string, leaseUntil: string): Promise<boolean> {
    return this.conditional({
      Key: this.key(reply),
      UpdateExpression: 'SET leaseUntil = :lease',
      ConditionExpression: '#state = :generating AND #owner = :owner',
      ExpressionAttributeNames: { '#state': 'state', '#owner': 'owner' },
      ExpressionAttributeValues: { ':lease': leaseUntil, ':generating': 'generating', ':owner': owner },
    });
  }

  async completeReply(
    reply: ReplyRef,
    owner: string,
    text: string,
    completedAt: string,
    options: CompleteReplyOptions = {},
  ): Promise<boolean> {
    const stopped = options.stopped === true;
    const citations = options.citations && options.citations.length > 0 ? options.citations : undefined;
    const extra = `${stopped ? ', stopped = :stopped' : ''}${citations ? ', citations = :citations' : ''}`;
    return this.conditional({
      Key: this.key(reply),
      UpdateExpression: `SET #state = :completed, #text = :text, completedAt = :at${extra} REMOVE generating, leaseUntil, #owner`,
      ConditionExpression: '#state = :generating AND #owner = :owner',
      ExpressionAttributeNames: { '#state': 'state', '#owner': 'owner', '#text': 'text' },
      ExpressionAttributeValues: {
        ':completed': 'completed',
        ':text': text,
        ':at': completedAt,
        ':generating': 'generating',
        ':owner': owner,
        ...(stopped ? { ':stopped': true } : {}),
        ...(citations ? { ':citations': citations } : {}),
      },
    });
  }

  async failReply(reply: ReplyRef, code: string, guard: { expectedLease?: string; owner?: string }): Promise<boolean> {
    const values: Record<string, unknown> = { ':failed': 'failed', ':code': code, ':generating': 'generating' };
    let condition = '#state = :generating';
    if (guard.expectedLease !== undefined) {
      condition += ' AND leaseUntil = :lease';
      values[':lease'] = guard.expectedLease;
    }
    if (guard.owner !== undefined) {
      condition += ' AND #owner = :owner';
      values[':owner'] = guard.owner;
    }
    return this.conditional({
      Key: this.key(reply),
      UpdateExpression: 'SET #state = :failed, errorCode = :code REMOVE generating, leaseUntil, #owner',
      ConditionExpression: condition,
      ExpressionAttributeNames: { '#state': 'state', '#owner': 'owner' },
      ExpressionAttributeValues: values,
    });
  }

  async list(conversationId: string): Promise<MessageRecord[]> {
    return queryAll<MessageRecord>(this.dynamo, {
      TableName: this.table,
      KeyConditionExpression: 'conversationId = :id',
      ExpressionAttributeValues: { ':id': conversationId },
      ConsistentRead: true,
    });
  }

  async expiredReplies(now: string, limit: number): Promise<MessageRecord[]> {
    const { Items } = await this.dynamo.doc.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: REPLIES_IN_FLIGHT_INDEX,
        KeyConditionExpression: 'generating = :yes AND leaseUntil < :now',
        ExpressionAttributeValues: { ':yes': GENERATING, ':now': now },
        Limit: limit,
      }),
    );
    return (Items ?? []) as MessageRecord[];
  }

  async deleteConversation(conversationId: string): Promise<number> {
    const records = await this.list(conversationId);
    for (let i = 0; i < records.length; i += 25) {
      await this.batchWrite(records.slice(i, i + 25).map((r) => ({ DeleteRequest: { Key: { conversationId, position: r.position } } })));
    }
    return records.length;
  }

  /** Up to 25 writes in one request; what the store leaves unprocessed is sent again, 5 tries in all. Answers how many are left. */
  private async batchWrite(writes: unknown[]): Promise<number> {
    let requests: Record<string, unknown[]> | undefined = { [this.table]: writes };
    for (let attempt = 0; requests && Object.keys(requests).length > 0 && attempt < 5; attempt++) {
      const result = await this.dynamo.doc.send(new BatchWriteCommand({ RequestItems: requests as never }));
      requests = result.UnprocessedItems as Record<string, unknown[]> | undefined;
    }
    return requests ? Object.values(requests).flat().length : 0;
  }

  private key(reply: ReplyRef) {
    return { conversationId: reply.conversationId, position: reply.position };
  }

  private async conditional(input: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName'>): Promise<boolean> {
    return sendConditional(this.dynamo, new UpdateCommand({ TableName: this.table, ...input }));
  }
}
