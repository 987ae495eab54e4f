import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConditionalCheckFailedException, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { freePort, startDynalite, type Component } from '@tasksensei/devstack';
import {
  DynamoEnvSchema,
  createDynamo,
  ensureTables,
  isConditionalCheckFailed,
  parseConfig,
  sendConditional,
  type Dynamo,
} from '@tasksensei/platform';

/**
 * The lean document client (billing and users run on it) against the SDK's, on a dynalite of
 * this file's own: every call it takes over must answer what the SDK answers (items, pages,
 * errors), so a repository cannot tell which one it runs on.
 */
let dynalite: Component | undefined;
let dataDir: string;
let sdk: Dynamo;
let lean: Dynamo;
const TABLE = 'lean-things';

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'tasksensei-lean-'));
  const port = await freePort();
  dynalite = await startDynalite({ port, dir: join(dataDir, 'dynamodb'), logDir: dataDir });
  process.env.AWS_ACCESS_KEY_ID ??= 'local';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
  const env = parseConfig(DynamoEnvSchema, { DYNAMODB_ENDPOINT: `http://127.0.0.1:${port}`, DYNAMODB_TABLE_PREFIX: 'contract-' });
  sdk = createDynamo(env);
  lean = createDynamo(env, { lean: true });
  await ensureTables(sdk, [
    {
      TableName: sdk.table(TABLE),
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'N' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
    },
  ]);
}, 60_000);

afterAll(async () => {
  sdk?.client.destroy();
  lean?.client.destroy();
  await dynalite?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const thing = {
  name: 'a "quoted" name ü',
  count: 42,
  ratio: -0.25,
  on: true,
  off: false,
  nothing: null,
  missing: undefined,
  tags: new Set(['b', 'a']),
  sizes: new Set([3, 1]),
  list: ['x', 2, { deep: [true, null] }, undefined],
  nested: { map: { of: 'maps' }, empty: {} },
  bytes: new Uint8Array([0, 1, 254, 255]),
};

describe('lean document client', () => {
  it('writes and reads an item exactly as the SDK document client does', async () => {
    await lean.doc.send(new PutCommand({ TableName: lean.table(TABLE), Item: { pk: 'lean', sk: 1, ...thing } }));
    await sdk.doc.send(new PutCommand({ TableName: sdk.table(TABLE), Item: { pk: 'sdk', sk: 1, ...thing } }));
    for (const key of [
      { pk: 'lean', sk: 1 },
      { pk: 'sdk', sk: 1 },
    ]) {
      const viaLean = await lean.doc.send(new GetCommand({ TableName: lean.table(TABLE), Key: key, ConsistentRead: true }));
      const viaSdk = await sdk.doc.send(new GetCommand({ TableName: sdk.table(TABLE), Key: key, ConsistentRead: true }));
      expect(viaLean.Item).toEqual(viaSdk.Item);
      expect(viaLean.Item).toEqual({ ...key, ...withoutUndefined(thing) });
    }
    const absent = await lean.doc.send(new GetCommand({ TableName: lean.table(TABLE), Key: { pk: 'none', sk: 0 } }));
    expect(absent.Item).toBeUndefined();
  });

  it('answers a failed condition with the SDK exception, and a repeat is told apart from a first write', async () => {
    const put = () =>
      new PutCommand({ TableName: lean.table(TABLE), Item: { pk: 'once', sk: 1 }, ConditionExpression: 'attribute_not_exists(pk)' });
    expect(await sendConditional(lean, put())).toBe(true);
    expect(await sendConditional(lean, put())).toBe(false);
    const error = await lean.doc.send(put()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConditionalCheckFailedException);
    expect(isConditionalCheckFailed(error)).toBe(true);
    expect((error as ConditionalCheckFailedException).$metadata.httpStatusCode).toBe(400);
    const missing = await lean.doc
      .send(new GetCommand({ TableName: 'contract-no-such-table', Key: { pk: 'x', sk: 1 } }))
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ResourceNotFoundException);
  });

  it('returns the updated attributes, and deletes', async () => {
    const key = { pk: 'counter', sk: 1 };
    const update = () =>
      lean.doc.send(
        new UpdateCommand({
          TableName: lean.table(TABLE),
          Key: key,
          UpdateExpression: 'SET #n = if_not_exists(#n, :zero) + :one, #label = :label',
          ExpressionAttributeNames: { '#n': 'n', '#label': 'label' },
          ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':label': { tier: 'pro', since: ['2026'] } },
          ReturnValues: 'ALL_NEW',
        }),
      );
    await update();
    expect((await update()).Attributes).toEqual({ ...key, n: 2, label: { tier: 'pro', since: ['2026'] } });
    await lean.doc.send(new DeleteCommand({ TableName: lean.table(TABLE), Key: key }));
    expect((await sdk.doc.send(new GetCommand({ TableName: sdk.table(TABLE), Key: key, ConsistentRead: true }))).Item).toBeUndefined();
  });

  it('pages a query as the SDK does, and leaves other commands to the SDK', async () => {
    // A command it does not take over (BatchWrite) still works through the same client.
    await lean.doc.send(
      new BatchWriteCommand({
        RequestItems: {
          [lean.table(TABLE)]: [1, 2, 3, 4, 5].map((sk) => ({ PutRequest: { Item: { pk: 'page', sk, even: sk % 2 === 0 } } })),
        },
      }),
    );
    const query = (doc: Dynamo, start?: Record<string, unknown>) =>
      doc.doc.send(
        new QueryCommand({
          TableName: doc.table(TABLE),
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': 'page', ':from': 2, ':to': 5 },
          Limit: 2,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
    const first = await query(lean);
    expect(first).toMatchObject({ Items: (await query(sdk)).Items, LastEvaluatedKey: { pk: 'page', sk: 3 } });
    const second = await query(lean, first.LastEvaluatedKey);
    expect(second.Items?.map((item) => item.sk)).toEqual([4, 5]);
  });
});

function withoutUndefined(value: typeof thing) {
  const { missing: _missing, list, ...rest } = value;
  return { ...rest, list: list.filter((item) => item !== undefined) };
}
