import { DynamoDBClient, ListTablesCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { jetstreamManager } from '@nats-io/jetstream';
import { LOCAL_S3_ACCESS_KEY, LOCAL_S3_SECRET_KEY, S3_BUCKET } from '@tasksensei/devstack';
import type { NatsConnection } from '@tasksensei/platform';
import { ChromaClient } from 'chromadb';
import { expectEventually, testStack } from './test-stack.js';

/**
 * Reads every store of the test stack directly, as an auditor would: what it holds for a user,
 * whichever service wrote it.
 */
export class AccountStores {
  private readonly dynamo: DynamoDBClient;
  private readonly s3: S3Client;
  private readonly chroma: ChromaClient;

  constructor() {
    const { ports } = testStack();
    const credentials = { accessKeyId: LOCAL_S3_ACCESS_KEY, secretAccessKey: LOCAL_S3_SECRET_KEY };
    this.dynamo = new DynamoDBClient({ region: 'us-east-1', endpoint: `http://127.0.0.1:${ports.dynamodb}`, credentials });
    this.s3 = new S3Client({ region: 'us-east-1', endpoint: `http://127.0.0.1:${ports.s3}`, forcePathStyle: true, credentials });
    this.chroma = new ChromaClient({ host: '127.0.0.1', port: ports.chroma, ssl: false });
  }

  /** `table -> rows` of every row of every table (every service's) whose JSON contains one of `needles`. */
  async dynamoRowsMentioning(...needles: string[]): Promise<Record<string, unknown[]>> {
    const found: Record<string, unknown[]> = {};
    let start: string | undefined;
    const tables: string[] = [];
    do {
      const page = await this.dynamo.send(new ListTablesCommand({ ...(start ? { ExclusiveStartTableName: start } : {}) }));
      tables.push(...(page.TableNames ?? []));
      start = page.LastEvaluatedTableName;
    } while (start);
    for (const table of tables) {
      let key: Record<string, never> | undefined;
      do {
        const page = await this.dynamo.send(new ScanCommand({ TableName: table, ...(key ? { ExclusiveStartKey: key } : {}) }));
        for (const item of page.Items ?? []) {
          const text = JSON.stringify(item);
          if (needles.some((needle) => text.includes(needle))) (found[table] ??= []).push(item);
        }
        key = page.LastEvaluatedKey as Record<string, never> | undefined;
      } while (key);
    }
    return found;
  }

  async s3KeysUnder(prefix: string): Promise<string[]> {
    const { Contents } = await this.s3.send(new ListObjectsV2Command({ Bucket: S3_BUCKET, Prefix: prefix }));
    return (Contents ?? []).map((c) => c.Key!);
  }

  /** `collection -> ids` of the user's vectors in every Chroma collection. */
  async chromaVectorsOf(userId: string): Promise<Record<string, string[]>> {
    const found: Record<string, string[]> = {};
    // Names over HTTP: the client's listCollections cannot build collections with our own embedding function.
    const listed = (await (
      await fetch(
        `http://127.0.0.1:${testStack().ports.chroma}/api/v2/tenants/default_tenant/databases/default_database/collections?limit=1000`,
      )
    ).json()) as { name: string }[];
    const embeddingFunction = { name: 'audit', generate: () => Promise.reject(new Error('the audit reads, never embeds')) };
    for (const { name } of listed) {
      const collection = await this.chroma.getCollection({ name, embeddingFunction });
      const { ids } = await collection.get({ where: { userId }, include: ['metadatas'] });
      if (ids.length) found[collection.name] = ids;
    }
    return found;
  }

  close(): void {
    this.dynamo.destroy();
    this.s3.destroy();
  }
}

/** The durable consumers of `user.deleted`, one per service. */
export const USER_DELETED_CONSUMERS = [
  'auth-user-deleted',
  'users-user-deleted',
  'files-user-deleted',
  'chat-user-deleted',
  'billing-user-deleted',
];

/** Waits until each named consumer of the USER stream has nothing pending or unacknowledged. */
export async function consumersCaughtUp(nc: NatsConnection, durables: readonly string[], timeoutMs = 60_000): Promise<void> {
  const jsm = await jetstreamManager(nc);
  await expectEventually(
    async () => {
      for (const durable of durables) {
        const info = await jsm.consumers.info('USER', durable);
        if (info.num_pending !== 0 || info.num_ack_pending !== 0)
          throw new Error(`${durable}: ${info.num_pending} pending, ${info.num_ack_pending} unacked`);
      }
    },
    timeoutMs,
    250,
  );
}
