import { BatchWriteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { deleteKeys, queryPartition, sendConditional, type Dynamo } from '@tasksensei/platform';
import type { Forgotten, ForgottenStore } from './forgotten.store.js';

/** The key of the row for "everything up to `before`" (memory ids are `m_...`, never this). */
const EVERYTHING = '#everything';
const BATCH = 25;

type Row = { userId: string; memoryId: string; forgottenAt?: string; before?: string };

/** `chat-forgotten` (userId, memoryId): see ForgottenStore. */
export class DynamoForgottenRepository implements ForgottenStore {
  private readonly table: string;

  constructor(private readonly dynamo: Dynamo) {
    this.table = dynamo.table('chat-forgotten');
  }

  async add(userId: string, memoryIds: readonly string[], at: string): Promise<void> {
    const ids = [...new Set(memoryIds)].filter((id) => id !== EVERYTHING);
    for (let i = 0; i < ids.length; i += BATCH) {
      let requests = ids.slice(i, i + BATCH).map((memoryId) => ({ PutRequest: { Item: { userId, memoryId, forgottenAt: at } } }));
      for (let attempt = 0; requests.length > 0; attempt++) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(2_000, 50 * 2 ** attempt)));
        if (attempt > 10) throw new Error(`DynamoDB left ${requests.length} writes unprocessed in ${this.table}`);
        const result = await this.dynamo.doc.send(new BatchWriteCommand({ RequestItems: { [this.table]: requests } }));
        requests = (result.UnprocessedItems?.[this.table] ?? []) as typeof requests;
      }
    }
  }

  async remove(userId: string, memoryIds: readonly string[]): Promise<void> {
    await deleteKeys(
      this.dynamo,
      this.table,
      [...new Set(memoryIds)].filter((id) => id !== EVERYTHING).map((memoryId) => ({ userId, memoryId })),
    );
  }

  async addEverything(userId: string, at: string): Promise<void> {
    // Only ever moves forward: a late, earlier "forget everything" does not shrink it.
    await sendConditional(
      this.dynamo,
      new PutCommand({
        TableName: this.table,
        Item: { userId, memoryId: EVERYTHING, before: at },
        ConditionExpression: 'attribute_not_exists(#before) OR #before < :at',
        ExpressionAttributeNames: { '#before': 'before' },
        ExpressionAttributeValues: { ':at': at },
      }),
    );
    // The single rows it covers are no longer needed.
    const covered = (await this.rows(userId)).filter((r) => r.memoryId !== EVERYTHING && (r.forgottenAt ?? '') <= at);
    await deleteKeys(
      this.dynamo,
      this.table,
      covered.map((r) => ({ userId, memoryId: r.memoryId })),
    );
  }

  async of(userId: string): Promise<Forgotten> {
    const rows = await this.rows(userId);
    const everything = rows.find((r) => r.memoryId === EVERYTHING)?.before;
    return {
      ids: new Set(rows.filter((r) => r.memoryId !== EVERYTHING).map((r) => r.memoryId)),
      ...(everything ? { before: everything } : {}),
    };
  }

  async erase(userId: string): Promise<number> {
    const rows = await this.rows(userId);
    return deleteKeys(
      this.dynamo,
      this.table,
      rows.map((r) => ({ userId, memoryId: r.memoryId })),
    );
  }

  private async rows(userId: string): Promise<Row[]> {
    return (await queryPartition(this.dynamo, this.table, 'userId', userId)) as Row[];
  }
}
