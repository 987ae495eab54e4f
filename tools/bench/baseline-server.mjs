/**
 * The baselines: the least a process can do to serve each benched feature, on bare node:http
 * (or a bare NATS subscription), with the same stores and the same keys. Forked by the bench
 * sections as its own process, like the gateway, so it does not share an event loop with the
 * load generator. Reports its port over IPC and exits when the parent disconnects.
 * - GET /plans: the gateway handler's own work, one `NatsRequester` round trip to billing, a JSON 200.
 * - GET /user/profile: verify the bearer token with jose against the issuer's keys (each distinct
 *   token once, as the gateway), then the same signed `users.v1.profile.get` request.
 * - POST /webhook: one conditional write for the dedupe and one state write, to dynalite.
 * - NATS `files.v1.bench.generate` (as files): one conditional quota update, one record write
 *   and one presigned PUT, what `files.v1.upload.generate` must do.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { CreateTableCommand, DynamoDBClient, ResourceInUseException } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { ListPlansContract } from '@tasksensei/contracts';
import { ProfileReadContract } from './contracts.mjs';
import { NatsRequester, UserAssertionSigner, connectNats, createLogger, isConditionalCheckFailed } from '@tasksensei/platform';
import { createLocalJWKSet, jwtVerify } from 'jose';

const NAME = 'bench-baseline';
const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${NAME}: ${name} is not set`);
  return value;
};
/** The subject the generate baseline answers: under files.v1, which the files NATS user may answer and the gateway's may ask. */
export const GENERATE_BASELINE_SUBJECT = 'files.v1.bench.generate';

// Only failed requests are news here; NATS reconnect warnings at shutdown are not.
const logger = createLogger(NAME, 'error');
// The gateway's NATS user, as the gateway it stands in for.
const nc = await connectNats(env('NATS_URL'), NAME, logger, { identity: 'gateway', seedFile: env('NATS_NKEY_SEED_FILE') });
// The files service's NATS user for the generate responder.
const filesNc = process.env.FILES_NKEY_SEED_FILE
  ? await connectNats(env('NATS_URL'), `${NAME}-files`, logger, { identity: 'files', seedFile: process.env.FILES_NKEY_SEED_FILE })
  : undefined;
// The gateway's default NATS_REQUEST_TIMEOUT_MS and its user assertions. No metrics or logger:
// recording metrics is part of what the gateway adds, and the logger is only used on a failed request.
const signer = process.env.ASSERTION_SIGNING_KEY_FILE
  ? await UserAssertionSigner.fromJwkFile(process.env.ASSERTION_SIGNING_KEY_FILE, 60)
  : undefined;
const requester = new NatsRequester(nc, 5_000, undefined, undefined, signer);
let closing = false;

// The issuer's public keys, as the gateway gets them from auth; the same verification options.
const jwks = process.env.AUTH_KEYS_FILE
  ? createLocalJWKSet({
      keys: JSON.parse(readFileSync(process.env.AUTH_KEYS_FILE, 'utf8')).keys.map((key) =>
        Object.fromEntries(Object.entries(key).filter(([name]) => name !== 'd')),
      ),
    })
  : undefined;
const verified = new Map();
async function verify(token) {
  const cached = verified.get(token);
  if (cached && Date.now() < cached.until) return cached.sub;
  const { payload } = await jwtVerify(token, jwks, {
    issuer: env('ISSUER'),
    audience: 'urn:tasksensei:api',
    algorithms: ['RS256', 'PS256', 'ES256', 'ES384', 'EdDSA'],
    requiredClaims: ['exp', 'sub'],
    typ: 'at+jwt',
  });
  verified.set(token, { sub: payload.sub, until: Math.min(payload.exp * 1000, Date.now() + 300_000) });
  return payload.sub;
}

const dynamo = process.env.DYNAMODB_ENDPOINT
  ? new DynamoDBClient({
      endpoint: process.env.DYNAMODB_ENDPOINT,
      region: 'us-east-1',
      credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    })
  : undefined;
const doc = dynamo && DynamoDBDocumentClient.from(dynamo);
const TABLES = {
  events: 'bench-baseline-events',
  state: 'bench-baseline-state',
  quota: 'bench-baseline-quota',
  files: 'bench-baseline-files',
};
if (dynamo) {
  await Promise.all(
    Object.values(TABLES).map((TableName) =>
      dynamo
        .send(
          new CreateTableCommand({
            TableName,
            AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
            KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
            BillingMode: 'PAY_PER_REQUEST',
          }),
        )
        .catch((error) => {
          if (!(error instanceof ResourceInUseException)) throw error;
        }),
    ),
  );
  // dynalite creates tables asynchronously.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
}

/** The webhook's two writes: the dedupe (first delivery only) and the user's state. */
async function webhook(body) {
  const event = JSON.parse(body);
  const userId = event.data?.object?.metadata?.userId ?? event.data?.object?.client_reference_id;
  const first = await doc
    .send(
      new PutCommand({
        TableName: TABLES.events,
        Item: { pk: event.id, type: event.type, created: event.created },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    )
    .then(
      () => true,
      (error) => (isConditionalCheckFailed(error) ? false : Promise.reject(error)),
    );
  if (!first) return { received: true, duplicate: true };
  await doc
    .send(
      new UpdateCommand({
        TableName: TABLES.state,
        Key: { pk: userId },
        UpdateExpression: 'SET #tier = :tier, #order = :order',
        ConditionExpression: 'attribute_not_exists(#order) OR #order < :order',
        ExpressionAttributeNames: { '#tier': 'tier', '#order': 'order' },
        ExpressionAttributeValues: { ':tier': event.data?.object?.metadata?.planId ?? 'free', ':order': event.created },
      }),
    )
    .catch((error) => {
      if (!isConditionalCheckFailed(error)) throw error;
    });
  return { received: true };
}

const routes = {
  'GET /plans': async (_request, requestId) => [
    200,
    { 'cache-control': 'public, max-age=60' },
    await requester.request(ListPlansContract, {}, { requestId }),
  ],
  'GET /user/profile': async (request, requestId) => {
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    let userSub;
    try {
      userSub = await verify(token ?? '');
    } catch {
      return [401, {}, { title: 'Unauthorized' }];
    }
    return [200, { 'cache-control': 'no-store' }, await requester.request(ProfileReadContract, {}, { requestId, userSub })];
  },
  'POST /webhook': async (request) => {
    const chunks = [];
    for await (const chunk of request) chunks.push(chunk);
    return [200, {}, await webhook(Buffer.concat(chunks).toString('utf8'))];
  },
};

const server = createServer((request, response) => {
  const route = routes[`${request.method} ${request.url}`];
  if (!route) {
    response.writeHead(404).end();
    return;
  }
  const requestId = randomUUID();
  route(request, requestId).then(
    ([status, headers, body]) => {
      response
        .writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-request-id': requestId, ...headers })
        .end(JSON.stringify(body));
    },
    (error) => {
      // Requests cut off by the drain at shutdown are expected, not news.
      if (!closing) logger.error({ err: error }, `${request.url} failed`);
      response.writeHead(502, { 'content-type': 'text/plain' }).end('request failed');
    },
  );
});

// The generate baseline: what the files handler must do, answered over NATS like it.
if (filesNc && doc && process.env.S3_ENDPOINT) {
  const s3 = new S3Client({
    region: 'us-east-1',
    endpoint: process.env.S3_ENDPOINT,
    forcePathStyle: true,
    credentials: { accessKeyId: env('S3_ACCESS_KEY'), secretAccessKey: env('S3_SECRET_KEY') },
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
  const QUOTA = 1024 ** 4;
  filesNc.subscribe(GENERATE_BASELINE_SUBJECT, {
    queue: 'bench',
    callback: (_error, message) => {
      void (async () => {
        const { userId, filename, contentType, size } = message.json();
        const fileId = randomUUID();
        const key = `users/${userId}/${fileId}/${filename}`;
        await doc
          .send(
            new UpdateCommand({
              TableName: TABLES.quota,
              Key: { pk: userId },
              UpdateExpression: 'SET #pending.#f = :size ADD #used :size',
              ConditionExpression: 'attribute_not_exists(#used) OR #used <= :room',
              ExpressionAttributeNames: { '#pending': 'pending', '#f': fileId, '#used': 'usedBytes' },
              ExpressionAttributeValues: { ':size': size, ':room': QUOTA - size },
            }),
          )
          .catch(async (error) => {
            // The user's first upload: the item (and its map) does not exist yet.
            if (!isConditionalCheckFailed(error) && error.name !== 'ValidationException') throw error;
            await doc.send(
              new PutCommand({
                TableName: TABLES.quota,
                Item: { pk: userId, usedBytes: size, pending: { [fileId]: size } },
                ConditionExpression: 'attribute_not_exists(pk)',
              }),
            );
          });
        await doc.send(
          new PutCommand({
            TableName: TABLES.files,
            Item: { pk: fileId, userId, key, filename, contentType, size, status: 'pending' },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        const url = await getSignedUrl(
          s3,
          new PutObjectCommand({
            Bucket: env('S3_BUCKET'),
            Key: key,
            ContentType: contentType,
            ContentLength: size,
            ServerSideEncryption: 'aws:kms',
            SSEKMSKeyId: 'alias/bench',
          }),
          { expiresIn: 900, signableHeaders: new Set(['content-type', 'content-length']) },
        );
        message.respond(JSON.stringify({ fileId, key, url, method: 'PUT', headers: { 'content-type': contentType } }));
      })().catch((error) => {
        if (!closing) logger.error({ err: error }, 'generate baseline failed');
        message.respond(JSON.stringify({ error: String(error) }));
      });
    },
  });
}

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
});

process.once('disconnect', () => {
  closing = true;
  server.close();
  server.closeAllConnections();
  void Promise.all([nc.drain(), filesNc?.drain()]).finally(() => process.exit(0));
});
