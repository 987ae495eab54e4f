import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailed, queryPartition, type Dynamo } from '@tasksensei/platform';

export interface ExportRecord {
  readonly userId: string;
  readonly exportId: string;
  readonly status: 'pending' | 'ready';
  readonly key: string;
  readonly createdAt: string;
  readonly readyAt?: string;
  readonly size?: number;
  /** Epoch seconds: the archive is deleted then (DynamoDB TTL on the record; the sweep for the object). */
  readonly expiresAt: number;
}

export interface ExportStore {
  get(userId: string, exportId: string): Promise<ExportRecord | undefined>;
  list(userId: string): Promise<ExportRecord[]>;
  create(record: ExportRecord): Promise<void>;
  /** pending -> ready; false when the record is gone (the account was erased meanwhile). */
  markReady(userId: string, exportId: string, size: number, readyAt: Date): Promise<boolean>;
  remove(userId: string, exportId: string): Promise<void>;
}

export class DynamoExportRepository implements ExportStore {
  private readonly table: string;

  constructor(private readonly dynamo: Dynamo) {
    this.table = dynamo.table('exports');
  }

  async get(userId: string, exportId: string): Promise<ExportRecord | undefined> {
    const { Item } = await this.dynamo.doc.send(new GetCommand({ TableName: this.table, Key: { userId, exportId }, ConsistentRead: true }));
    return Item as ExportRecord | undefined;
  }

  async list(userId: string): Promise<ExportRecord[]> {
    return (await queryPartition(this.dynamo, this.table, 'userId', userId)) as unknown as ExportRecord[];
  }

  async create(record: ExportRecord): Promise<void> {
    await this.dynamo.doc.send(
      new PutCommand({ TableName: this.table, Item: record, ConditionExpression: 'attribute_not_exists(exportId)' }),
    );
  }

  async markReady(userId: string, exportId: string, size: number, readyAt: Date): Promise<boolean> {
    try {
      await this.dynamo.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { userId, exportId },
          UpdateExpression: 'SET #status = :ready, readyAt = :at, #size = :size',
          ConditionExpression: 'attribute_exists(exportId)',
          ExpressionAttributeNames: { '#status': 'status', '#size': 'size' },
          ExpressionAttributeValues: { ':ready': 'ready', ':at': readyAt.toISOString(), ':size': size },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async remove(userId: string, exportId: string): Promise<void> {
    await this.dynamo.doc.send(new DeleteCommand({ TableName: this.table, Key: { userId, exportId } }));
  }
}
