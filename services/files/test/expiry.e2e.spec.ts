import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  AbortUploadContract,
  CompleteUploadContract,
  ErrorCode,
  GenerateUploadContract,
  ListFilesContract,
  ServiceError,
  type GenerateUploadRequest,
} from '@tasksensei/contracts';
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
    abort: (fileId: string) => requester.request(AbortUploadContract, { fileId }, { userSub: userId }),
  });
  const bucket = () =>
    new S3Client({
      region: 'us-east-1',
      endpoint: `http://127.0.0.1:${testStack().ports.s3}`,
      forcePathStyle: true,
      credentials: { accessKeyId: LOCAL_S3_ACCESS_KEY, secretAccessKey: LOCAL_S3_SECRET_KEY },
    });
  /** The stored size of `key`, or undefined once it is gone. */
  const storedSize = async (key: string) => {
    const s3 = bucket();
    try {
      return (await s3.send(new HeadObjectCommand({ Bucket: S3_BUCKET, Key: key }))).ContentLength;
    } catch (error) {
      if ((error as Error).name === 'NotFound') return undefined;
      throw error;
    } finally {
      s3.destroy();
    }
  };
  const failureOf = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: unknown) => (error instanceof ServiceError ? error : Promise.reject(error)),
    );

  beforeAll(async () => {
    const main = testStack();
    const ports = {
      ...main.ports,
      nats: await freePort(),
      billing: await freePort(),
      auth: await freePort(),
      files: await freePort(),
      gateway: await freePort(),
      gatewayOps: await freePort(),
    };
    stack = new Stack({
      dataDir,
      ports,
      startStores: false,
      logLevel: 'debug',
      env: {
        DYNAMODB_TABLE_PREFIX: `expiry-${randomUUID().slice(0, 8)}-`,
        FILES_UPLOAD_URL_TTL_SECONDS: String(URL_TTL_SECONDS),
        FILES_RESERVATION_TTL_SECONDS: String(RESERVATION_TTL_SECONDS),
        FILES_ORPHAN_SWEEP_INTERVAL_SECONDS: '1',
      },
    });
    nats = await startNats({ port: ports.nats, dir: join(dataDir, 'nats'), logDir: stack.logDir, users: stack.natsCredentials.users });
    stack.natsUrl = nats.url;
    // Auth owns the USER stream billing and files consume (erasure): they are ready once it is there.
    await Promise.all([stack.startService('billing'), stack.startService('auth'), stack.startService('files')]);
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

  it('deletes bytes PUT to the still-valid URL of an aborted upload, and they cost no quota', async () => {
    const user = as(randomUUID());
    const upload = await user.generate({ filename: 'aborted.txt', contentType: 'text/plain', size: 16 });
    await user.abort(upload.fileId);
    // The URL outlives the upload: S3 still takes the bytes, but nothing pays for them for long.
    expect((await putBytes(upload, randomBytes(16))).status).toBe(200);
    expect(await storedSize(upload.key)).toBe(16);
    await expectEventually(async () => expect(await storedSize(upload.key)).toBeUndefined(), 15_000, 250);

    // The quota never saw them: the whole plan (ten files of 10 MiB) is still free, and no more.
    expect(await user.list()).toEqual([]);
    const zip = { filename: 'full.zip', contentType: 'application/zip', size: 10 * MIB };
    await Promise.all(Array.from({ length: 10 }, () => user.generate(zip)));
    expect((await failureOf(user.generate(zip)))?.code).toBe(ErrorCode.PayloadTooLarge);
  }, 40_000);

  it("deletes an object under a user's prefix that no record pays for", async () => {
    const key = `users/${encodeURIComponent(randomUUID())}/${randomUUID()}/stray.txt`;
    const s3 = bucket();
    await s3.send(
      new PutObjectCommand({ Bucket: S3_BUCKET, Key: key, Body: Buffer.from('nobody pays for me'), ContentType: 'text/plain' }),
    );
    s3.destroy();
    expect(await storedSize(key)).toBe(18);
    await expectEventually(async () => expect(await storedSize(key)).toBeUndefined(), 15_000, 250);
  }, 30_000);

  it('keeps a confirmed file charged for exactly what is stored when its upload URL is used again', async () => {
    const user = as(randomUUID());
    const upload = await user.generate({ filename: 'kept.txt', contentType: 'text/plain', size: 8 });
    expect((await putBytes(upload, Buffer.from('aaaaaaaa'))).status).toBe(200);
    await user.complete(upload.fileId);

    // The URL signs the size: other bytes of the same size replace the object without storing
    // a byte more than the quota charges.
    // (With a 2-second URL here, the same-size PUT may already find the URL expired: 403.)
    expect([200, 403]).toContain((await putBytes(upload, Buffer.from('cccccccc'))).status);

    // Past the URL lifetime and a few sweeps, the confirmed file is still there, charged for what is stored.
    const started = Date.now();
    await expectEventually(() => expect(Date.now()).toBeGreaterThan(started + (URL_TTL_SECONDS + 2) * 1000), 10_000, 250);
    expect(await storedSize(upload.key)).toBe(8);
    expect((await user.list()).map((f) => [f.fileId, f.status, f.size])).toEqual([[upload.fileId, 'uploaded', 8]]);
  }, 30_000);
});
