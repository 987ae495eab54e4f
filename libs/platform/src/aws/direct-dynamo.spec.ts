import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DirectDynamo } from './direct-dynamo.js';
import { isConditionalCheckFailed } from './dynamodb.js';

const CREDENTIALS = { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret/example', sessionToken: 'token+with/odd=chars' };

interface Captured {
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** The request the SDK's document client (as createDynamo configures it) sends for `command`, never sent anywhere. */
async function sdkRequest(command: PutCommand | UpdateCommand | GetCommand): Promise<Captured> {
  let captured: Captured | undefined;
  const client = new DynamoDBClient({
    region: 'eu-west-1',
    endpoint: 'http://127.0.0.1:4567',
    credentials: CREDENTIALS,
    requestHandler: {
      handle: async (request: { path: string; headers: Record<string, string>; body: string | Uint8Array }) => {
        const body = typeof request.body === 'string' ? request.body : new TextDecoder().decode(request.body);
        captured = { path: request.path, headers: request.headers, body };
        return { response: { statusCode: 200, headers: {}, body: Readable.from([Buffer.from('{}')]) } };
      },
    },
  });
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false } });
  await doc.send(command as PutCommand);
  return captured!;
}

/** A stand-in DynamoDB endpoint answering from a script, recording what DirectDynamo sends. */
let server: Server;
let received: { headers: IncomingHttpHeaders; body: string }[] = [];
let answers: { status: number; body: string }[] = [];
let direct: DirectDynamo;

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      const answer = answers.shift() ?? { status: 200, body: '{}' };
      response.writeHead(answer.status, { 'content-type': 'application/x-amz-json-1.0' }).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  direct = new DirectDynamo(
    new DynamoDBClient({ region: 'eu-west-1', endpoint: `http://127.0.0.1:${port}`, credentials: CREDENTIALS, maxAttempts: 3 }),
  );
});

afterAll(async () => {
  await direct.destroy();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  received = [];
  answers = [];
});

const item = {
  userId: 'u-1',
  fileId: 'f-1',
  size: 1024,
  ratio: 0.5,
  ok: true,
  none: null,
  skipped: undefined,
  tags: ['a', 1, { deep: 'x' }],
  nested: { at: 1_700_000_000_000, empty: {} },
  names: new Set(['x', 'y']),
  bytes: new Uint8Array([1, 2, 255]),
};
const update = {
  TableName: 'quotas',
  Key: { userId: 'u-1' },
  UpdateExpression: 'SET #pending.#f = :reservation ADD #usedBytes :size',
  ConditionExpression: 'attribute_exists(#pending) AND #usedBytes <= :room',
  ExpressionAttributeNames: { '#pending': 'pending', '#f': 'f-1', '#usedBytes': 'usedBytes' },
  ExpressionAttributeValues: { ':reservation': { size: 10, expiresAt: 1_700_000_000_000 }, ':size': 10, ':room': 990 },
};

describe('DirectDynamo sends what the SDK sends', () => {
  it('a conditional put, marshalled as the document client does', async () => {
    const input = {
      TableName: 'files',
      Item: item,
      ConditionExpression: 'attribute_not_exists(#f)',
      ExpressionAttributeNames: { '#f': 'fileId' },
    };
    const sdk = await sdkRequest(new PutCommand(input));
    await direct.put(input);
    expect(JSON.parse(received[0]!.body)).toEqual(JSON.parse(sdk.body));
    expect(received[0]!.headers['x-amz-target']).toBe(sdk.headers['x-amz-target']);
    expect(received[0]!.headers['content-type']).toBe(sdk.headers['content-type']);
  });

  it('a conditional update', async () => {
    const sdk = await sdkRequest(new UpdateCommand(update));
    await direct.update(update);
    expect(JSON.parse(received[0]!.body)).toEqual(JSON.parse(sdk.body));
    expect(received[0]!.headers['x-amz-target']).toBe('DynamoDB_20120810.UpdateItem');
  });

  it('a consistent get, its item unmarshalled', async () => {
    const sdk = await sdkRequest(new GetCommand({ TableName: 'quotas', Key: { userId: 'u-1' }, ConsistentRead: true }));
    answers.push({
      status: 200,
      body: JSON.stringify({
        Item: { userId: { S: 'u-1' }, usedBytes: { N: '42' }, pending: { M: { f: { M: { size: { N: '1.5' } } } } } },
      }),
    });
    const { Item } = await direct.get({ TableName: 'quotas', Key: { userId: 'u-1' }, ConsistentRead: true });
    expect(JSON.parse(received[0]!.body)).toEqual(JSON.parse(sdk.body));
    expect(Item).toEqual({ userId: 'u-1', usedBytes: 42, pending: { f: { size: 1.5 } } });
    answers.push({ status: 200, body: '{}' });
    expect(await direct.get({ TableName: 'quotas', Key: { userId: 'u-2' } })).toEqual({});
  });

  it('signs with SigV4 exactly as the SDK does, the session token included', async () => {
    const sdk = await sdkRequest(new UpdateCommand(update));
    const { authorization, 'user-agent': _agent, ...signed } = sdk.headers;
    expect(direct.sign(signed, sdk.body, 'eu-west-1', CREDENTIALS, sdk.path)).toBe(authorization);
    await direct.update(update);
    const sent = received[0]!.headers;
    expect(sent['x-amz-security-token']).toBe(CREDENTIALS.sessionToken);
    expect(sent.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE\/\d{8}\/eu-west-1\/dynamodb\/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, Signature=[0-9a-f]{64}$/,
    );
  });
});

describe('DirectDynamo answers as the SDK does', () => {
  it('a failed condition is an error isConditionalCheckFailed recognises, not retried', async () => {
    answers.push({
      status: 400,
      body: JSON.stringify({
        __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException',
        message: 'The conditional request failed',
      }),
    });
    const error = await direct.update(update).catch((e: unknown) => e);
    expect(isConditionalCheckFailed(error)).toBe(true);
    expect(error).toMatchObject({ name: 'ConditionalCheckFailedException', $metadata: { httpStatusCode: 400 } });
    expect(received).toHaveLength(1);
  });

  it('retries throttling and server errors up to the client maxAttempts', async () => {
    answers.push(
      {
        status: 400,
        body: JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException', message: 'slow down' }),
      },
      { status: 500, body: JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'oops' }) },
    );
    await direct.update(update);
    expect(received).toHaveLength(3);
    answers.push(...Array.from({ length: 3 }, () => ({ status: 503, body: 'unavailable' })));
    const error = await direct.update(update).catch((e: unknown) => e);
    expect(error).toMatchObject({ $metadata: { httpStatusCode: 503, attempts: 3 } });
  });

  it('refuses what the document client refuses', async () => {
    await expect(direct.put({ TableName: 'files', Item: { at: new Date() } })).rejects.toThrow(/convertClassInstanceToMap/);
    await expect(direct.put({ TableName: 'files', Item: { n: Number.NaN } })).rejects.toThrow(/not allowed/);
    expect(received).toHaveLength(0);
  });
});
