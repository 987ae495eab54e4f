import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ensureTables, tableNames, type Dynamo } from '@tasksensei/platform';
import {
  DynamoFederationStateRepository,
  type FederationState,
  type FederationStateRepository,
} from '../src/federation/federation-state.repository.js';
import { InMemoryFederationStateRepository } from '../src/federation/in-memory.federation-state.repository.js';
import { authTables } from '../src/storage/tables.js';
import { testStack } from '../../../test/support/test-stack.js';

/**
 * One contract for the federation state repository, run against the in-memory fake the unit
 * specs use and against DynamoDB (the run's dynalite): the fake may not promise what DynamoDB does not keep.
 */
const implementations: [string, () => Promise<FederationStateRepository>][] = [
  ['in memory', () => Promise.resolve(new InMemoryFederationStateRepository())],
  [
    'DynamoDB',
    async () => {
      // Tables of its own in the run's dynalite (which takes any credentials).
      const client = new DynamoDBClient({
        region: 'us-east-1',
        endpoint: `http://127.0.0.1:${testStack().ports.dynamodb}`,
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      });
      const dynamo: Dynamo = {
        client,
        doc: DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }),
        table: tableNames({ DYNAMODB_TABLE_PREFIX: `fedstate-${randomUUID().slice(0, 8)}-` }),
      };
      await ensureTables(
        dynamo,
        authTables(dynamo).filter((table) => table.TableName === dynamo.table('oidc')),
      );
      return new DynamoFederationStateRepository({ dynamo });
    },
  ],
];

const federation = (uid: string, expiresAt: string): FederationState => ({
  pending: { uid, upstream: 'google', codeVerifier: `verifier-${uid}`, nonce: `nonce-${uid}` },
  expiresAt: new Date(expiresAt),
});

describe.each(implementations)('federation state repository (%s)', (_name, create) => {
  let states: FederationStateRepository;
  beforeAll(async () => {
    states = await create();
  }, 60_000);

  it('keeps a pending federation under its state, with its expiry to the second', async () => {
    const state = randomUUID();
    await states.save(state, federation('interaction-1', '2026-11-29T12:10:00.750Z'));
    await expect(states.find(state)).resolves.toEqual(federation('interaction-1', '2026-11-29T12:10:00.000Z'));
    // Finding does not use it up.
    await expect(states.find(state)).resolves.toEqual(federation('interaction-1', '2026-11-29T12:10:00.000Z'));
  });

  it('hands a state out once when taken, then knows it no more', async () => {
    const state = randomUUID();
    await states.save(state, federation('interaction-2', '2026-11-29T12:10:00Z'));
    await expect(states.take(state)).resolves.toEqual(federation('interaction-2', '2026-11-29T12:10:00Z'));
    await expect(states.take(state)).resolves.toBeUndefined();
    await expect(states.find(state)).resolves.toBeUndefined();
  });

  it('knows nothing of a state it never saw, and keeps states apart', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    await states.save(a, federation('interaction-a', '2026-11-29T12:10:00Z'));
    await states.save(b, federation('interaction-b', '2026-11-29T12:11:00Z'));
    await expect(states.find(randomUUID())).resolves.toBeUndefined();
    await expect(states.take(randomUUID())).resolves.toBeUndefined();
    expect((await states.find(a))?.pending.uid).toBe('interaction-a');
    expect((await states.find(b))?.pending.uid).toBe('interaction-b');
  });
});
