import { DeleteCommand, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { conditionHeld, directDynamo, isConditionalCheckFailed, type Dynamo } from '@tasksensei/platform';
import type { FileRecord } from './file.record.js';
import type { FileStore, IndexOutcome } from './file.store.js';

/** Every attribute goes through a name placeholder: `status`, `size` and `key` are DynamoDB reserved words. */
const names = (...attributes: string[]) => Object.fromEntries(attributes.map((a) => [`#${a}`, a]));

export class DynamoFileRepository implements FileStore {
  private readonly table: string;

  constructor(private readonly dynamo: Dynamo) {
    this.table = dynamo.table('files');
  }

  async get(userId: string, fileId: string): Promise<FileRecord | undefined> {
    const { Item } = await this.dynamo.doc.send(new GetCommand({ TableName: this.table, Key: { userId, fileId }, ConsistentRead: true }));
    return Item as FileRecord | undefined;
  }

  async list(userId: string): Promise<FileRecord[]> {
    const records: FileRecord[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.dynamo.doc.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: '#userId = :userId',
          ExpressionAttributeNames: names('userId'),
          ExpressionAttributeValues: { ':userId': userId },
          ConsistentRead: true,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      records.push(...((page.Items ?? []) as FileRecord[]));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return records;
  }

  /** On every generate: DirectDynamo's put, without the SDK's per-call middleware. */
  async create(record: FileRecord): Promise<boolean> {
    return conditionHeld(
      directDynamo(this.dynamo).put({
        TableName: this.table,
        Item: { ...record },
        ConditionExpression: 'attribute_not_exists(#fileId)',
        ExpressionAttributeNames: names('fileId'),
      }),
    );
  }

  async extend(userId: string, fileId: string, expiresAt: number): Promise<boolean> {
    return (
      (await this.transition(userId, fileId, 'SET #expiresAt = :expiresAt', '#status = :pending', {
        ':expiresAt': expiresAt,
        ':pending': 'pending',
      })) !== undefined
    );
  }

  markUploaded(
    userId: string,
    fileId: string,
    now: Date,
    stored: { readonly etag?: string; readonly versionId?: string } = {},
  ): Promise<FileRecord | undefined> {
    const set = ['#status = :uploaded', '#uploadedAt = :now', '#indexStatus = :indexPending'];
    const values: Record<string, unknown> = {
      ':uploaded': 'uploaded',
      ':indexPending': 'pending',
      ':pending': 'pending',
      ':now': now.toISOString(),
      ':nowMs': now.getTime(),
    };
    if (stored.etag) {
      set.push('#objectETag = :etag');
      values[':etag'] = stored.etag;
    }
    if (stored.versionId) {
      set.push('#objectVersionId = :versionId');
      values[':versionId'] = stored.versionId;
    }
    return this.transition(userId, fileId, `SET ${set.join(', ')}`, '#status = :pending AND #expiresAt >= :nowMs', values);
  }

  async markEventPublished(userId: string, fileId: string): Promise<void> {
    await this.transition(userId, fileId, 'SET #eventPublished = :true', '#status = :uploaded', { ':true': true, ':uploaded': 'uploaded' });
  }

  async recordIndexStatus(userId: string, fileId: string, outcome: IndexOutcome): Promise<boolean> {
    const set = ['#indexStatus = :indexStatus', '#indexAttempt = :attempt'];
    const values: Record<string, unknown> = { ':indexStatus': outcome.status, ':attempt': outcome.attempt, ':uploaded': 'uploaded' };
    if (outcome.error !== undefined) {
      set.push('#indexError = :indexError');
      values[':indexError'] = outcome.error;
    }
    if (outcome.chunks !== undefined) {
      set.push('#indexedChunks = :chunks');
      values[':chunks'] = outcome.chunks;
    }
    const remove = [...(outcome.error === undefined ? ['#indexError'] : []), ...(outcome.chunks === undefined ? ['#indexedChunks'] : [])];
    // ISO timestamps of one format compare as strings: a redelivered or older reading changes nothing.
    const update = `SET ${set.join(', ')}${remove.length > 0 ? ` REMOVE ${remove.join(', ')}` : ''}`;
    return (
      (await this.transition(
        userId,
        fileId,
        update,
        '#status = :uploaded AND (attribute_not_exists(#indexAttempt) OR #indexAttempt <= :attempt)',
        values,
      )) !== undefined
    );
  }

  expire(userId: string, fileId: string, now: Date): Promise<FileRecord | undefined> {
    return this.transition(userId, fileId, 'SET #status = :expired', '#status = :pending AND #expiresAt < :nowMs', {
      ':expired': 'expired',
      ':pending': 'pending',
      ':nowMs': now.getTime(),
    });
  }

  beginDelete(userId: string, fileId: string, from: 'pending' | 'uploaded', now: Date): Promise<FileRecord | undefined> {
    return this.transition(userId, fileId, 'SET #status = :deleting, #deletingFrom = :from, #deletingAt = :now', '#status = :from', {
      ':deleting': 'deleting',
      ':from': from,
      ':now': now.toISOString(),
    });
  }

  async remove(userId: string, fileId: string, status: 'expired' | 'deleting'): Promise<void> {
    try {
      await this.dynamo.doc.send(
        new DeleteCommand({
          TableName: this.table,
          Key: { userId, fileId },
          ConditionExpression: '#status = :status',
          ExpressionAttributeNames: names('status'),
          ExpressionAttributeValues: { ':status': status },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  /** One conditional update on an existing record; the new record, or undefined when the condition did not hold. */
  private async transition(
    userId: string,
    fileId: string,
    update: string,
    condition: string,
    values: Record<string, unknown>,
  ): Promise<FileRecord | undefined> {
    const attributes = [...new Set([...`${update} ${condition}`.matchAll(/#(\w+)/g)].map((m) => m[1]!))];
    try {
      const { Attributes } = await this.dynamo.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { userId, fileId },
          UpdateExpression: update,
          ConditionExpression: `attribute_exists(#fileId) AND ${condition}`,
          ExpressionAttributeNames: names('fileId', ...attributes),
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes as FileRecord;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return undefined;
      throw error;
    }
  }
}
