import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { parseConfig } from '../config/load-config.js';
import { DynamoEnvSchema, createDynamo, type Dynamo } from './dynamodb.js';

/** A stand-in DynamoDB endpoint answering each request with the next scripted answer. */
type Answer = { status: number; contentType: string; body: string };
let answers: Answer[] = [];
let requests = 0;
let server: Server;
let dynamo: Dynamo;

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', () => {
      requests++;
      const answer = answers.shift() ?? { status: 500, contentType: 'text/plain', body: 'no answer scripted' };
      res.writeHead(answer.status, { 'content-type': answer.contentType }).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  process.env.AWS_ACCESS_KEY_ID ??= 'local';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
  dynamo = createDynamo(parseConfig(DynamoEnvSchema, { DYNAMODB_ENDPOINT: `http://127.0.0.1:${port}` }), { lean: true });
});

afterAll(async () => {
  dynamo.client.destroy();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  answers = [];
  requests = 0;
});

const json = (status: number, body: object): Answer => ({ status, contentType: 'application/x-amz-json-1.0', body: JSON.stringify(body) });

describe('the lean document client against answers other than a clean 200', () => {
  it("retries a proxy's HTML 502 and returns the item of the next answer", async () => {
    answers = [
      { status: 502, contentType: 'text/html', body: '<html>Bad Gateway</html>' },
      json(200, { Item: { id: { S: 'a' }, n: { N: '2' } } }),
    ];
    const { Item } = await dynamo.doc.send(new GetCommand({ TableName: 't', Key: { id: 'a' } }));
    expect(Item).toEqual({ id: 'a', n: 2 });
    expect(requests).toBe(2);
  });

  it('gives up after the attempts with an error carrying the status, not a JSON parse error', async () => {
    answers = [503, 503, 503].map((status) => ({ status, contentType: 'text/plain', body: 'Service Unavailable' }));
    const error = (await dynamo.doc.send(new GetCommand({ TableName: 't', Key: { id: 'a' } })).catch((e: unknown) => e)) as {
      name: string;
      $metadata: { httpStatusCode: number };
    };
    expect(error.name).not.toBe('SyntaxError');
    expect(error.$metadata.httpStatusCode).toBe(503);
    expect(requests).toBe(3);
  });

  it("answers a failed condition with the SDK's exception class, without retrying", async () => {
    answers = [
      json(400, { __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException', message: 'The conditional request failed' }),
    ];
    const put = dynamo.doc.send(new PutCommand({ TableName: 't', Item: { id: 'a' }, ConditionExpression: 'attribute_not_exists(id)' }));
    await expect(put).rejects.toBeInstanceOf(ConditionalCheckFailedException);
    expect(requests).toBe(1);
  });
});
