import { createHash } from 'node:crypto';
import { BatchWriteCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { queryAll, type Dynamo } from './dynamodb.js';

type Item = Record<string, unknown>;
type Key = Record<string, unknown>;

/** Every item of one partition (a user's rows in a table keyed by user), all pages. */
export async function queryPartition(dynamo: Dynamo, table: string, hashName: string, hashValue: string): Promise<Item[]> {
  return queryAll<Item>(dynamo, {
    TableName: table,
    KeyConditionExpression: '#h = :h',
    ExpressionAttributeNames: { '#h': hashName },
    ExpressionAttributeValues: { ':h': hashValue },
    ConsistentRead: true,
  });
}

/** Every item of an index partition (e.g. a user's rows through a `by-user` index), all pages. */
export async function queryIndex(dynamo: Dynamo, table: string, index: string, hashName: string, hashValue: string): Promise<Item[]> {
  return queryAll<Item>(dynamo, {
    TableName: table,
    IndexName: index,
    KeyConditionExpression: '#h = :h',
    ExpressionAttributeNames: { '#h': hashName },
    ExpressionAttributeValues: { ':h': hashValue },
  });
}

/** The index by which whole-account operations (export, erasure) find a user's rows in tables keyed otherwise. */
export const BY_USER_INDEX = 'by-user';

/**
 * Every item of a table that `matches`, all pages. A full scan: only for the rare whole-account
 * operations on local-only tables: production roles may not Scan (deploy/aws).
 */
export async function scanMatching(dynamo: Dynamo, table: string, matches: (item: Item) => boolean): Promise<Item[]> {
  const items: Item[] = [];
  let startKey: Key | undefined;
  do {
    const page = await dynamo.doc.send(
      new ScanCommand({ TableName: table, ConsistentRead: true, ...(startKey ? { ExclusiveStartKey: startKey } : {}) }),
    );
    items.push(...((page.Items ?? []) as Item[]).filter(matches));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/** Deletes items by key, 25 per batch, until DynamoDB has processed every one. Idempotent. */
export async function deleteKeys(dynamo: Dynamo, table: string, keys: readonly Key[]): Promise<number> {
  for (let i = 0; i < keys.length; i += 25) {
    let requests = keys.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } }));
    for (let attempt = 0; requests.length > 0; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(2_000, 50 * 2 ** attempt)));
      if (attempt > 10) throw new Error(`DynamoDB left ${requests.length} deletes unprocessed in ${table}`);
      const result = await dynamo.doc.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
      requests = (result.UnprocessedItems?.[table] ?? []) as typeof requests;
    }
  }
  return keys.length;
}

/** The key parts of an item. */
export const keyOf = (item: Item, ...names: string[]): Key => Object.fromEntries(names.map((name) => [name, item[name]]));

/**
 * What a service keeps of an erased user so late or redelivered events cannot bring data back:
 * a one-way hash of the id (the id itself is a random UUID, so the hash cannot be reversed by
 * guessing), never the id. Stored under the table's own key as `erased#<hash>`.
 */
export const erasureMarker = (userId: string): string =>
  `erased#${createHash('sha256').update(`tasksensei-erasure:${userId}`).digest('base64url')}`;
