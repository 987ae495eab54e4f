import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startDynalite, type Component } from '@tasksensei/devstack';
import { createDynamo, ensureTables, parseConfig, DynamoEnvSchema, type Dynamo } from '@tasksensei/platform';
import { DynamoFileRepository } from '../src/files/file.repository.js';
import { InMemoryFileStore } from '../src/files/in-memory.file-store.js';
import { InMemoryQuotaStore } from '../src/quota/in-memory.quota-store.js';
import { DynamoQuotaRepository } from '../src/quota/quota.repository.js';
import { filesTables } from '../src/storage/tables.js';
import { fileStoreContract } from './support/file-store.contract.js';
import { quotaStoreContract } from './support/quota-store.contract.js';

/**
 * The same cases against the in-memory stores the use-case specs run on and against the DynamoDB
 * repositories on a dynalite of this file's own (a free port, a temporary directory).
 */
let dynalite: Component | undefined;
let dataDir: string;
let dynamo: Dynamo | undefined;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'tasksensei-contracts-'));
  const port = await freePort();
  dynalite = await startDynalite({ port, dir: join(dataDir, 'dynamodb'), logDir: dataDir });
  // dynalite takes any credentials; the SDK only needs some.
  process.env.AWS_ACCESS_KEY_ID ??= 'local';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
  // Lean, as the files service opens it: the repositories' calls go through the lean document client.
  dynamo = createDynamo(
    parseConfig(DynamoEnvSchema, { DYNAMODB_ENDPOINT: `http://127.0.0.1:${port}`, DYNAMODB_TABLE_PREFIX: 'contract-' }),
    { lean: true },
  );
  await ensureTables(dynamo, filesTables(dynamo));
}, 60_000);

afterAll(async () => {
  dynamo?.client.destroy();
  await dynalite?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const inDynamo = () => {
  if (!dynamo) throw new Error('dynalite did not start');
  return dynamo;
};

quotaStoreContract('in memory', () => new InMemoryQuotaStore());
quotaStoreContract('DynamoDB (dynalite)', () => new DynamoQuotaRepository(inDynamo()));
fileStoreContract('in memory', () => new InMemoryFileStore());
fileStoreContract('DynamoDB (dynalite)', () => new DynamoFileRepository(inDynamo()));
