import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Dynamo } from '@tasksensei/platform';
import type { AutomationRecord, AutomationRecordStore } from './automation-record.store.js';

export class DynamoAutomationRecordRepository implements AutomationRecordStore {
  private readonly table: string;

  constructor(private readonly dynamo: Dynamo) {
    this.table = dynamo.table('chat-automations');
  }

  async get(messageId: string, callIndex: number): Promise<AutomationRecord | undefined> {
    const { Item } = await this.dynamo.doc.send(
      new GetCommand({ TableName: this.table, Key: { messageId, callIndex }, ConsistentRead: true }),
    );
    return Item as AutomationRecord | undefined;
  }

  async start(record: AutomationRecord): Promise<void> {
    await this.dynamo.doc.send(new PutCommand({ TableName: this.table, Item: record }));
  }

  async finish(messageId: string, callIndex: number, status: 'succeeded' | 'failed', result: unknown, finishedAt: string): Promise<void> {
    await this.dynamo.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { messageId, callIndex },
        UpdateExpression: 'SET #status = :status, #result = :result, finishedAt = :at',
        ExpressionAttributeNames: { '#status': 'status', '#result': 'result' },
        ExpressionAttributeValues: { ':status': status, ':result': result, ':at': finishedAt },
      }),
    );
  }
}
