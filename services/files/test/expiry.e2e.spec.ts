import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CompleteUploadContract, ErrorCode, GenerateUploadContract, ListFilesContract, ServiceError, type GenerateUploadRequest } from '@tasksensei/contracts';
import { LOCAL_S3_ACCESS_KEY, LOCAL_S3_SECRET_KEY, S3_BUCKET, Stack, freePort, startNats, type Component } from '@tasksensei/devstack';
import type { NatsRequester } from '@tasksensei/platform';
import { busOf, type TestBus } from '../../../test/support/nats.js';
import { expectEventually, testStack } from '../../../test/support/test-stack.js';
import { MIB, putBytes } from './support/files-api.js';

const URL_TTL_SECONDS = 2;
const RESERVATION_TTL_SECONDS = 3;

/**
 * Expiry needs short TTLs, so these tests run their own files service (and billing, for the
 * plan limits) with them, on a NATS of their own and their own tables, sharing the run's S3
 * and DynamoDB. They speak NATS as the gateway and the chat assistant do, with the caller in
 * a signed user assertion.
 */
describe('files: expiring URLs and reservations', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tasksensei-files-expiry-'));
  let stack: Stack;
  let nats: Component | undefined;
  let bus: TestBus;
  let requester: NatsRequester;

  const as = (userId: string) => ({
    generate: (request: GenerateUploadRequest) => requester.request(GenerateUploadContract, request, { userSub: userId }),
    complete: (fileId: string) => requester.request(CompleteUploadContract, { fileId }, { userSub: userId }),
    list: () => requester.request(ListFilesContract, {}, { userSub: userId }),
  });
  const failureOf = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: unknown) => (error instanceof ServiceError ? error : Promise.reject(error)),
    );

  beforeAll(async () => {
    const main = testStack();
    const ports = { ...main.ports, nats: await freePort(), billing: await freePort(), files: await freePort(), gateway: await freePort(), gatewayOps: await freePort() };
    stack = new Stack({
      dataDir,
      ports,
      startStores: false,
      logLevel: 'debug',
      env: {
        DYNAMODB_TABLE_PREFIX: `expiry-${randomUUID().slice(0, 8)}-`,
        FILES_UPLOAD_URL_TTL_SECONDS: String(URL_TTL_SECONDS),
        FILES_RESERVATION_TTL_SECONDS: String(RESERVATION_TTL_SECONDS),
      },
    });
    nats = await startNats({ port: ports.nats, dir: join(dataDir, 'nats'), logDir: stack.logDir, users: stack.natsCredentials.users });
    stack.natsUrl = nats.url;
    await Promise.all([stack.startService('billing'), stack.startService('files')]);
    bus = busOf(stack);
    requester = await bus.requester();
  }, 120_000);

  afterAll(async () => {
    await bus?.close();
    await stack?.stop();
    await nats?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('accepts an upload URL until it expires, then answers 403', async () => {
    const upload = await as(randomUUID()).generate({ filename: 'short.txt', contentType: 'text/plain', size: 4 });
    expect(Date.parse(upload.expiresAt) - Date.now()).toBeLessThanOrEqual(URL_TTL_SECONDS * 1000);
    expect((await putBytes(upload, Buffer.from('ok 1'))).status).toBe(200);
    await expectEventually(
      async () => {
        const late = await putBytes(upload, Buffer.from('ok 2'));
        expect(late.status).toBe(403);
        expect(await late.text()).toContain('Request has expired');
      },
      10_000,
      250,
    );
  }, 30_000);

  it('gives an unconfirmed reservation back to the quota when it expires', async () => {
    const user = as(randomUUID());
    const zip = { filename: 'full.zip', contentType: 'application/zip', size: 10 * MIB };
    const held = await Promise.all(Array.from({ length: 10 }, () => user.generate(zip)));
    expect((await failureOf(user.generate(zip)))?.code).toBe(ErrorCode.PayloadTooLarge);

    // Nothing was confirmed: once the reservations lapse, the whole quota is free again.
    await expectEventually(async () => expect(await failureOf(user.generate(zip))).toBeUndefined(), 15_000, 500);
    const listed = await user.list();
    expect(listed.map((f) => f.fileId).filter((id) => held.some((h) => h.fileId === id))).toEqual([]);
  }, 40_000);

  it('refuses to complete an upload whose reservation expired, and removes its bytes', async () => {
    const user = as(randomUUID());
    const started = Date.now();
    const upload = await user.generate({ filename: 'slow.bin.txt', contentType: 'text/plain', size: 32 });
    expect((await putBytes(upload, randomBytes(32))).status).toBe(200);

    // Completing is a time-bound promise: wait until the reservation is over, then try.
    await expectEventually(() => expect(Date.now()).toBeGreaterThan(started + RESERVATION_TTL_SECONDS * 1000 + 200), 10_000, 200);
    const refused = await failureOf(user.complete(upload.fileId));
    expect(refused?.code).toBe(ErrorCode.Conflict);
    expect(refused?.message).toContain('expired');
    expect(await user.list()).toEqual([]);

    const s3 = new S3Client({
      region: 'us-east-1',
      endpoint: `http://127.0.0.1:${testStack().ports.s3}`,
      forcePathStyle: true,
      credentials: { accessKeyId: LOCAL_S3_ACCESS_KEY, secretAccessKey: LOCAL_S3_SECRET_KEY },
    });
    await expect(s3.send(new HeadObjectCommand({ Bucket: S3_BUCKET, Key: upload.key }))).rejects.toMatchObject({ name: 'NotFound' });
    s3.destroy();
    expect((await failureOf(user.complete(upload.fileId)))?.code).toBe(ErrorCode.NotFound);
  }, 30_000);
});
