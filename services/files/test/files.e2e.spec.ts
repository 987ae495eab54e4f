import { createHash, randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { LOCAL_S3_ACCESS_KEY, LOCAL_S3_SECRET_KEY, S3_BUCKET } from '@tasksensei/devstack';
import type { NatsConnection } from '@tasksensei/platform';
import { connectAs } from '../../../test/support/nats.js';
import { signUpAndLogin, type Session } from '../../../test/support/auth.js';
import { expectEventually, expectProblem, request, testStack } from '../../../test/support/test-stack.js';
import { FilesApi, MIB, fileEvents, filesContaining, markedBody, putBytes } from './support/files-api.js';

const gateway = () => testStack().gatewayUrl;
/** The web client's origin: PUBLIC_URL of the test stack. */
const appOrigin = () => `http://localhost:${testStack().ports.gateway}`;
const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Free plan (services/billing/config/plans.json): 10 MiB per file, 100 MiB in all. */
const FREE_MAX_FILE = 10 * MIB;
const FREE_QUOTA = 100 * MIB;

async function user(label: string): Promise<{ session: Session; api: FilesApi }> {
  const session = await signUpAndLogin(gateway(), label);
  return { session, api: new FilesApi(gateway(), session.accessToken) };
}

describe('files: presigned upload and download', () => {
  let alice: { session: Session; api: FilesApi };
  let bob: { session: Session; api: FilesApi };
  let nc: NatsConnection;

  beforeAll(async () => {
    [alice, bob] = await Promise.all([user('alice'), user('bob')]);
    nc = await connectAs('ops'); // reads the FILE stream
  }, 60_000);

  afterAll(async () => {
    await nc?.drain();
  });

  it('uploads with plain fetch to the presigned URL, completes, lists and downloads the same bytes', async () => {
    const body = Buffer.from('Quarterly notes: revenue up, café open until 9.\n');
    const generated = await alice.api.generate({ filename: 'notes.txt', contentType: 'text/plain; charset=UTF-8', size: body.length });
    expect(generated.status).toBe(200);
    const upload = generated.body;
    expect(upload.fileId).toMatch(UUID);
    expect(upload.key).toBe(`users/${alice.session.userId}/${upload.fileId}/notes.txt`);
    expect(upload.method).toBe('PUT');
    expect(upload.multipart).toBeUndefined();
    expect(new URL(upload.url).origin).toBe(`http://127.0.0.1:${testStack().ports.s3}`);
    expect(upload.headers).toEqual({
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Length': String(body.length),
      'x-amz-server-side-encryption': 'aws:kms',
      'x-amz-server-side-encryption-aws-kms-key-id': expect.any(String),
    });
    const ttl = Date.parse(upload.expiresAt) - Date.now();
    expect(ttl).toBeGreaterThan(14 * 60_000);
    expect(ttl).toBeLessThanOrEqual(15 * 60_000);
    expect((await alice.api.list()).body).toContainEqual(expect.objectContaining({ fileId: upload.fileId, status: 'pending' }));

    const put = await putBytes(upload, body, { origin: appOrigin() });
    expect(put.status).toBe(200);
    expect(put.headers.get('access-control-allow-origin')).toBe(appOrigin());
    expect(put.headers.get('etag')).toBeTruthy();

    const completed = await alice.api.complete(upload.fileId);
    expect(completed.status).toBe(200);
    expect(completed.body).toEqual(
      expect.objectContaining({
        fileId: upload.fileId,
        filename: 'notes.txt',
        contentType: 'text/plain; charset=utf-8',
        size: body.length,
        status: 'uploaded',
      }),
    );
    const listed = await alice.api.list();
    expect(listed.status).toBe(200);
    expect(listed.body).toContainEqual(
      expect.objectContaining({
        fileId: upload.fileId,
        filename: 'notes.txt',
        size: body.length,
        status: 'uploaded',
        createdAt: expect.any(String),
      }),
    );

    const link = await alice.api.download(upload.fileId);
    expect(link.status).toBe(200);
    const downloaded = await fetch(link.body.url);
    expect(downloaded.status).toBe(200);
    expect(Buffer.from(await downloaded.arrayBuffer()).equals(body)).toBe(true);
    expect(downloaded.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(downloaded.headers.get('content-disposition')).toBe(`attachment; filename="notes.txt"; filename*=UTF-8''notes.txt`);

    // Completing again answers the same file and publishes no second event. (The assistant may have
    // read the file meanwhile: its reading status is the one thing that may have moved on.)
    const withoutReading = ({ indexStatus: _s, indexError: _e, indexedChunks: _c, ...file }: Record<string, unknown>) => file;
    expect(withoutReading((await alice.api.complete(upload.fileId)).body)).toEqual(withoutReading(completed.body));
    await expectEventually(async () => {
      const events = (await fileEvents<{ id: string; data: Record<string, unknown> }>(nc, 'file.uploaded')).filter(
        (e) => e.data.fileId === upload.fileId,
      );
      expect(events).toEqual([
        expect.objectContaining({
          id: `file-uploaded-${upload.fileId}`,
          data: { userId: alice.session.userId, fileId: upload.fileId, size: body.length, contentType: 'text/plain; charset=utf-8' },
        }),
      ]);
    });
  }, 60_000);

  it('shows images and PDF inline and downloads everything else as an attachment', async () => {
    const image = await alice.api.upload('Photo été.png', 'image/png', randomBytes(300));
    const archive = await alice.api.upload('backup.zip', 'application/zip', randomBytes(300));
    const disposition = async (fileId: string) =>
      (await fetch((await alice.api.download(fileId)).body.url)).headers.get('content-disposition');
    expect(await disposition(image.fileId)).toBe(`inline; filename="Photo ete.png"; filename*=UTF-8''Photo%20%C3%A9t%C3%A9.png`);
    expect(await disposition(archive.fileId)).toMatch(/^attachment; filename="backup.zip"/);
  }, 60_000);

  it("answers 404 for every route on another user's file, as for an unknown one", async () => {
    const file = await alice.api.upload('private.csv', 'text/csv', Buffer.from('a,b\n1,2\n'));
    const pending = (await alice.api.generate({ filename: 'big.zip', contentType: 'application/zip', size: 9 * MIB })).body;
    for (const id of [file.fileId, pending.fileId]) {
      expectProblem(await bob.api.complete(id), 404);
      expectProblem(await bob.api.download(id), 404);
      expectProblem(await bob.api.parts(id, [1]), 404);
      expectProblem(await bob.api.abort(id), 404);
      expectProblem(await bob.api.delete(id), 404);
    }
    expect((await bob.api.list()).body.map((f) => f.fileId)).not.toContain(file.fileId);
    expectProblem(await bob.api.download('not-a-file-id'), 404);
    expectProblem(await bob.api.download('00000000-0000-4000-8000-000000000000'), 404);
    // Alice's file is untouched.
    expect((await alice.api.download(file.fileId)).status).toBe(200);
    expect((await alice.api.abort(pending.fileId)).status).toBe(204);
  }, 60_000);

  it('needs a token for every route', async () => {
    for (const [method, path] of [
      ['POST', '/generate'],
      ['GET', '/files'],
      ['POST', '/files/x/complete'],
      ['GET', '/files/x/download'],
      ['DELETE', '/files/x'],
    ] as const) {
      expectProblem(
        await request(`${gateway()}${path}`, {
          method,
          ...(method === 'POST' ? { headers: { 'content-type': 'application/json' }, body: '{}' } : {}),
        }),
        401,
      );
    }
  });

  describe('presigned URLs are checked as S3 checks them (403)', () => {
    const generate = async (filename: string, size = 64) => (await alice.api.generate({ filename, contentType: 'text/plain', size })).body;

    it('refuses a tampered signature', async () => {
      const upload = await generate('tampered.txt');
      const url = new URL(upload.url);
      const signature = url.searchParams.get('X-Amz-Signature')!;
      url.searchParams.set('X-Amz-Signature', `${signature.slice(0, -1)}${signature.endsWith('0') ? '1' : '0'}`);
      const put = await putBytes(upload, randomBytes(64), {}, url.href);
      expect(put.status).toBe(403);
      expect(await put.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
    });

    it('refuses a URL reused for another key, or with another type or size than it was signed for', async () => {
      const [first, second] = [await generate('first.txt'), await generate('second.txt')];
      const retargeted = new URL(first.url);
      retargeted.pathname = new URL(second.url).pathname;
      expect((await putBytes(first, randomBytes(64), {}, retargeted.href)).status).toBe(403);
      expect((await putBytes(first, randomBytes(64), { 'Content-Type': 'text/html' })).status).toBe(403);
      const { 'Content-Length': _length, ...headers } = first.headers;
      expect((await fetch(first.url, { method: 'PUT', headers, body: randomBytes(65) })).status).toBe(403);
      // Nothing was stored under either key.
      expectProblem(await alice.api.complete(second.fileId), 409);
    });

    it('refuses an expired URL', async () => {
      const s3 = new S3Client({
        region: 'us-east-1',
        endpoint: `http://127.0.0.1:${testStack().ports.s3}`,
        forcePathStyle: true,
        credentials: { accessKeyId: LOCAL_S3_ACCESS_KEY, secretAccessKey: LOCAL_S3_SECRET_KEY },
        requestChecksumCalculation: 'WHEN_REQUIRED',
      });
      const key = `users/${alice.session.userId}/expired/late.txt`;
      const signedAt = new Date(Date.now() - 20 * 60_000);
      const url = await getSignedUrl(s3, new PutObjectCommand({ Bucket: S3_BUCKET, Key: key, ContentType: 'text/plain' }), {
        expiresIn: 900,
        signingDate: signedAt,
      });
      const put = await fetch(url, { method: 'PUT', headers: { 'content-type': 'text/plain' }, body: 'too late' });
      expect(put.status).toBe(403);
      expect(await put.text()).toContain('Request has expired');
      // The same request signed now goes through: only the expiry refused it.
      const fresh = await getSignedUrl(s3, new PutObjectCommand({ Bucket: S3_BUCKET, Key: key, ContentType: 'text/plain' }), {
        expiresIn: 900,
      });
      expect((await fetch(fresh, { method: 'PUT', headers: { 'content-type': 'text/plain' }, body: 'on time' })).status).toBe(200);
      s3.destroy();
    });

    it('refuses a download URL whose disposition was changed, or with no signature at all', async () => {
      const file = await alice.api.upload('page.txt', 'text/plain', Buffer.from('<script>alert(1)</script>'));
      const url = new URL((await alice.api.download(file.fileId)).body.url);
      url.searchParams.set('response-content-disposition', 'inline');
      expect((await fetch(url)).status).toBe(403);
      expect((await fetch(`${url.origin}${url.pathname}`)).status).toBe(403);
    });
  });

  it('keeps only the last segment of a path and makes hostile names safe', async () => {
    const names: [string, string][] = [
      ['../../etc/passwd', 'passwd'],
      ['..\\..\\Windows\\win.ini', 'win.ini'],
      ['C:\\fakepath\\report.txt', 'report.txt'],
      ['invoice\u202Etxt.gpj', 'invoicetxt.gpj'],
      ['..', 'file'],
      ['Cafe\u0301 東京 ✓.txt', 'Café 東京 ✓.txt'],
    ];
    for (const [raw, safe] of names) {
      const response = await alice.api.generate({ filename: raw, contentType: 'text/plain', size: 10 });
      expect(response.status).toBe(200);
      expect(response.body.key).toBe(`users/${alice.session.userId}/${response.body.fileId}/${safe}`);
      expect((await alice.api.list()).body).toContainEqual(expect.objectContaining({ fileId: response.body.fileId, filename: safe }));
      await alice.api.abort(response.body.fileId);
    }
    const long = await alice.api.upload(`${'é'.repeat(300)}.txt`, 'text/plain', Buffer.from('long name'));
    expect(Buffer.byteLength(long.filename)).toBeLessThanOrEqual(255);
    expect(long.filename).toMatch(/^é+\.txt$/);
    expect((await fetch((await alice.api.download(long.fileId)).body.url)).status).toBe(200);
  }, 60_000);

  it.each([
    ['an executable type', { filename: 'setup.exe', contentType: 'application/x-msdownload' }],
    ['HTML', { filename: 'page.html', contentType: 'text/html' }],
    ['SVG', { filename: 'logo.svg', contentType: 'image/svg+xml' }],
    ['an unknown binary', { filename: 'blob', contentType: 'application/octet-stream' }],
    ['an executable name with an allowed type', { filename: 'invoice.pdf.exe', contentType: 'application/pdf' }],
  ])('refuses %s with 415', async (_label, body) => {
    const refused = await alice.api.generate({ ...body, size: 100 });
    expectProblem(refused, 415);
    expect((refused.body as { reason: string }).reason).toMatch(/^(UNSUPPORTED_FILE_TYPE|FILE_EXTENSION_REFUSED)$/);
  });

  it.each([
    ['an empty file', { filename: 'a.txt', contentType: 'text/plain', size: 0 }],
    ['a negative size', { filename: 'a.txt', contentType: 'text/plain', size: -1 }],
    ['no name', { contentType: 'text/plain', size: 1 }],
    ['an unknown field', { filename: 'a.txt', contentType: 'text/plain', size: 1, bucket: 'other' }],
  ])('refuses %s with 400', async (_label, body) => {
    expectProblem(await alice.api.generate(body), 400);
  });

  it("refuses a file over the plan's size and an upload over the storage quota with 413, until space is freed", async () => {
    const { api } = await user('quota');
    const huge = await api.generate({ filename: 'huge.zip', contentType: 'application/zip', size: FREE_MAX_FILE + 1 });
    expectProblem(huge, 413);
    expect(huge.body).toEqual(
      expect.objectContaining({ type: 'https://tasksensei.dev/problems/file-too-large', reason: 'FILE_TOO_LARGE' }),
    );
    const reserved: string[] = [];
    for (let i = 0; i < FREE_QUOTA / FREE_MAX_FILE; i++) {
      const response = await api.generate({ filename: `part-${i}.zip`, contentType: 'application/zip', size: FREE_MAX_FILE });
      expect(response.status).toBe(200);
      reserved.push(response.body.fileId);
    }
    const over = await api.generate({ filename: 'one-more.txt', contentType: 'text/plain', size: 1 });
    expectProblem(over, 413);
    expect(over.body).toEqual(
      expect.objectContaining({
        type: 'https://tasksensei.dev/problems/quota-exceeded',
        reason: 'QUOTA_EXCEEDED',
        title: 'Storage quota exceeded',
      }),
    );
    expect((over.body as { detail: string }).detail).toContain('storage quota of 100 MB');
    expect((await api.delete(reserved[0]!)).status).toBe(204);
    expect((await api.generate({ filename: 'fits-again.zip', contentType: 'application/zip', size: FREE_MAX_FILE })).status).toBe(200);
    expectProblem(await api.generate({ filename: 'one-more.txt', contentType: 'text/plain', size: 1 }), 413);
  }, 60_000);

  it('never lets 20 concurrent reservations overshoot the quota', async () => {
    const { api } = await user('race');
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        api.generate({ filename: `race-${i}.zip`, contentType: 'application/zip', size: FREE_MAX_FILE }),
      ),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(FREE_QUOTA / FREE_MAX_FILE);
    expect(statuses.filter((s) => s === 413)).toHaveLength(20 - FREE_QUOTA / FREE_MAX_FILE);
    expectProblem(await api.generate({ filename: 'one-more.txt', contentType: 'text/plain', size: 1 }), 413);
    expect((await api.list()).body.filter((f) => f.status === 'pending')).toHaveLength(FREE_QUOTA / FREE_MAX_FILE);
  }, 60_000);

  it('answers complete before the upload with 409 and keeps the upload open', async () => {
    const upload = (await alice.api.generate({ filename: 'early.txt', contentType: 'text/plain', size: 5 })).body;
    const early = await alice.api.complete(upload.fileId);
    expectProblem(early, 409);
    expect((early.body as { detail: string }).detail).toContain('not been uploaded');
    expectProblem(await alice.api.download(upload.fileId), 409);
    expect((await putBytes(upload, Buffer.from('later'))).status).toBe(200);
    expect((await alice.api.complete(upload.fileId)).status).toBe(200);
  }, 30_000);

  it('deletes the object and the record, and gives the bytes back', async () => {
    const { api } = await user('delete');
    const file = await api.upload('gone.txt', 'text/plain', Buffer.from('soon gone'));
    const link = (await api.download(file.fileId)).body.url;
    expect((await fetch(link)).status).toBe(200);
    // A double click: the deletions race, the file goes once and its bytes come back once.
    const statuses = (await Promise.all(Array.from({ length: 4 }, () => api.delete(file.fileId)))).map((r) => r.status);
    expect(statuses).toContain(204);
    expect(statuses.every((status) => status === 204 || status === 404)).toBe(true);
    expect((await fetch(link)).status).toBe(404);
    expect((await api.list()).body).toEqual([]);
    // Once, however many deletions raced: what was derived from the file (the assistant's reading) goes too.
    await expectEventually(async () => {
      const deleted = (await fileEvents<{ id: string; data: Record<string, unknown> }>(nc, 'file.deleted')).filter(
        (e) => e.data.fileId === file.fileId,
      );
      expect(deleted).toEqual([
        expect.objectContaining({ id: `file-deleted-${file.fileId}`, data: { userId: expect.any(String), fileId: file.fileId } }),
      ]);
    });
    expectProblem(await api.download(file.fileId), 404);
    expectProblem(await api.delete(file.fileId), 404);
    // The whole quota is free again, and no more: ten files of the maximum size fit, one byte more does not.
    for (let i = 0; i < FREE_QUOTA / FREE_MAX_FILE; i++) {
      expect((await api.generate({ filename: `after-${i}.zip`, contentType: 'application/zip', size: FREE_MAX_FILE })).status).toBe(200);
    }
    expectProblem(await api.generate({ filename: 'one-more.txt', contentType: 'text/plain', size: 1 }), 413);
  }, 60_000);

  it('uploads a file over the multipart threshold in parts, with fresh part URLs on request', async () => {
    const body = randomBytes(FREE_MAX_FILE);
    const generated = await alice.api.generate({ filename: 'video.mp4', contentType: 'video/mp4', size: body.length });
    expect(generated.status).toBe(200);
    const { multipart } = generated.body;
    expect(multipart).toEqual({
      partSize: 8 * MIB,
      partCount: 2,
      parts: [expect.objectContaining({ partNumber: 1, size: 8 * MIB }), expect.objectContaining({ partNumber: 2, size: 2 * MIB })],
    });
    expect(generated.body.url).toBe(multipart!.parts[0]!.url);

    const first = await putBytes(multipart!.parts[0]!, body.subarray(0, 8 * MIB), { origin: appOrigin() });
    expect(first.status).toBe(200);
    expect(first.headers.get('access-control-expose-headers')).toContain('ETag');
    const fresh = await alice.api.parts(generated.body.fileId, [2]);
    expect(fresh.status).toBe(200);
    const second = await putBytes(fresh.body.parts[0]!, body.subarray(8 * MIB));
    expect(second.status).toBe(200);
    // A part URL takes exactly its part.
    expect((await putBytes(multipart!.parts[1]!, body.subarray(0, 2 * MIB + 1), { 'Content-Length': String(2 * MIB + 1) })).status).toBe(
      403,
    );

    expectProblem(await alice.api.complete(generated.body.fileId), 400);
    expectProblem(await alice.api.complete(generated.body.fileId, { parts: [{ partNumber: 1, etag: first.headers.get('etag') }] }), 400);
    const parts = [
      { partNumber: 1, etag: first.headers.get('etag')! },
      { partNumber: 2, etag: second.headers.get('etag')! },
    ];
    const completed = await alice.api.complete(generated.body.fileId, { parts });
    expect(completed.status).toBe(200);
    expect(completed.body).toEqual(expect.objectContaining({ status: 'uploaded', size: body.length, contentType: 'video/mp4' }));

    const downloaded = await fetch((await alice.api.download(generated.body.fileId)).body.url);
    expect(downloaded.headers.get('content-length')).toBe(String(body.length));
    expect(sha256(Buffer.from(await downloaded.arrayBuffer()))).toBe(sha256(body));
    expectProblem(await alice.api.abort(generated.body.fileId), 409);
    expectProblem(await alice.api.parts(generated.body.fileId, [1]), 409);
  }, 120_000);

  it('aborts a multipart upload in progress: its part URLs stop working and the record goes', async () => {
    const generated = (await alice.api.generate({ filename: 'abandoned.zip', contentType: 'application/zip', size: 9 * MIB })).body;
    expect((await alice.api.abort(generated.fileId)).status).toBe(204);
    expect((await alice.api.list()).body.map((f) => f.fileId)).not.toContain(generated.fileId);
    const late = await putBytes(generated.multipart!.parts[1]!, randomBytes(MIB));
    expect(late.status).toBe(404);
    expect(await late.text()).toContain('NoSuchUpload');
    expectProblem(await alice.api.complete(generated.fileId), 404);
  }, 60_000);

  it('stores only ciphertext under DATA_DIR, whole files and parts alike', async () => {
    const small = markedBody(4_000);
    const large = markedBody(9 * MIB);
    await alice.api.upload('secret.txt', 'text/plain', small.body);
    const generated = (await alice.api.generate({ filename: 'secret-large.txt', contentType: 'text/plain', size: large.body.length })).body;
    const etags: string[] = [];
    for (const part of generated.multipart!.parts) {
      const start = (part.partNumber - 1) * generated.multipart!.partSize;
      etags.push((await putBytes(part, large.body.subarray(start, start + part.size))).headers.get('etag')!);
    }
    const done = await alice.api.complete(generated.fileId, { parts: etags.map((etag, i) => ({ partNumber: i + 1, etag })) });
    expect(done.status).toBe(200);

    const s3Dir = join(testStack().dataDir, 's3');
    expect(filesContaining(s3Dir, Buffer.from(small.marker))).toEqual([]);
    expect(filesContaining(s3Dir, Buffer.from(large.marker))).toEqual([]);
    expect(statSync(join(testStack().dataDir, 's3-master.key')).mode & 0o777).toBe(0o600);
    const downloaded = await fetch((await alice.api.download(generated.fileId)).body.url);
    expect(Buffer.from(await downloaded.arrayBuffer()).equals(large.body)).toBe(true);
  }, 120_000);

  it("answers CORS preflight for the web client's origin only", async () => {
    const upload = (await alice.api.generate({ filename: 'cors.txt', contentType: 'text/plain', size: 4 })).body;
    const preflight = (origin: string) =>
      fetch(upload.url, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'PUT',
          'access-control-request-headers': 'content-type,x-amz-server-side-encryption,x-amz-server-side-encryption-aws-kms-key-id',
        },
      });
    const allowed = await preflight(appOrigin());
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(appOrigin());
    expect(allowed.headers.get('access-control-allow-methods')).toContain('PUT');
    expect((await preflight('https://evil.example')).status).toBe(403);
    await alice.api.abort(upload.fileId);
  });

  it('raises the limits as soon as the plan is upgraded', async () => {
    const { session, api } = await user('upgrade');
    const big = { filename: 'big.zip', contentType: 'application/zip', size: FREE_MAX_FILE + MIB };
    expectProblem(await api.generate(big), 413);

    const headers = { authorization: `Bearer ${session.accessToken}`, 'content-type': 'application/json' };
    const checkout = await request<{ sessionId: string; url: string }>(`${gateway()}/checkout`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ planId: 'pro' }),
    });
    expect(checkout.status).toBe(200);
    const page = await (await fetch(`${gateway()}${new URL(checkout.body.url).pathname}`)).text();
    const paid = await fetch(`${gateway()}${new URL(checkout.body.url).pathname}/pay`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `confirm=pay&csrf_token=${/name="csrf_token" value="([^"]+)"/.exec(page)![1]!}`,
      redirect: 'manual',
    });
    expect(paid.status).toBe(303);
    // Files' cached plan is dropped on users' membership-updated notification: the next upload after it gets the pro limits.
    await expectEventually(async () => expect((await api.generate(big)).status).toBe(200), 20_000, 250);
  }, 60_000);
});
