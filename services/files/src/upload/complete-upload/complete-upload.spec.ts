import { ErrorCode } from '@tasksensei/contracts';
import { createLogger, Metrics } from '@tasksensei/platform';
import type { FileEvents } from '../../events/file-events.js';
import { FileRemoval } from '../../files/file-removal.js';
import type { FileRecord } from '../../files/file.record.js';
import { InMemoryFileStore } from '../../files/in-memory.file-store.js';
import { InMemoryQuotaStore } from '../../quota/in-memory.quota-store.js';
import { filesMetrics } from '../../shared/files-metrics.js';
import { InMemoryObjectStore } from '../../storage/in-memory.object-store.js';
import { CompleteUploadUseCase } from './complete-upload.usecase.js';

const USER = 'user-1';
const NOW = new Date('2026-03-10T12:00:00Z');
const HOUR = 3_600_000;

function setUp() {
  const files = new InMemoryFileStore();
  const quotas = new InMemoryQuotaStore();
  const objects = new InMemoryObjectStore();
  let now = NOW;
  const clock = { now: () => now };
  const logger = createLogger('files-spec', 'silent');
  const metrics = filesMetrics(new Metrics('files-spec'));
  const published: string[] = [];
  let failPublish = false;
  const events: FileEvents = {
    uploaded: (r) => (failPublish ? Promise.reject(new Error('bus down')) : Promise.resolve(void published.push(r.fileId))),
    deleted: () => Promise.resolve(),
  };
  const removal = new FileRemoval(files, quotas, objects, clock, metrics, logger, events);
  const useCase = new CompleteUploadUseCase({ files, quotas, objects, events, removal, clock, metrics, logger });
  /** A reservation as /generate leaves it: quota charged, record pending. */
  const reserved = async (fileId: string, size: number, changes: Partial<FileRecord> = {}): Promise<FileRecord> => {
    const record: FileRecord = {
      userId: USER,
      fileId,
      key: `users/${USER}/${fileId}/report.pdf`,
      filename: 'report.pdf',
      contentType: 'application/pdf',
      size,
      status: 'pending',
      createdAt: NOW.toISOString(),
      expiresAt: NOW.getTime() + HOUR,
      ...changes,
    };
    await quotas.reserve(USER, fileId, { size, expiresAt: record.expiresAt }, { quotaBytes: 10_000, maxPending: 10 });
    await files.create(record);
    return record;
  };
  return {
    files,
    quotas,
    objects,
    useCase,
    reserved,
    published,
    failPublishing: (fail: boolean) => (failPublish = fail),
    advance: (ms: number) => (now = new Date(now.getTime() + ms)),
    pending: async () => Object.keys((await quotas.get(USER))?.pending ?? {}),
  };
}

describe('CompleteUploadUseCase', () => {
  it('confirms a stored object of the reserved size and type: uploaded, charged for good, announced once', async () => {
    const { files, objects, useCase, reserved, published, pending } = setUp();
    const record = await reserved('f1', 100);
    objects.store(record.key, 100, 'application/pdf');

    const view = await useCase.execute(USER, { fileId: 'f1' });
    expect(view).toEqual(expect.objectContaining({ fileId: 'f1', status: 'uploaded', size: 100 }));
    expect(await files.get(USER, 'f1')).toEqual(expect.objectContaining({ status: 'uploaded', eventPublished: true }));
    expect(await pending()).toEqual([]);
    expect(published).toEqual(['f1']);

    // Called again: the same file, no second announcement.
    expect(await useCase.execute(USER, { fileId: 'f1' })).toEqual(view);
    expect(published).toEqual(['f1']);
  });

  it('answers conflict while nothing was uploaded, and leaves the reservation for a later try', async () => {
    const { files, useCase, reserved, pending } = setUp();
    await reserved('f1', 100);
    await expect(useCase.execute(USER, { fileId: 'f1' })).rejects.toEqual(
      expect.objectContaining({ code: ErrorCode.Conflict, message: expect.stringContaining('not been uploaded') }),
    );
    expect(await files.get(USER, 'f1')).toEqual(expect.objectContaining({ status: 'pending' }));
    expect(await pending()).toEqual(['f1']);
  });

  it('deletes a stored object that is not what was reserved', async () => {
    const { objects, useCase, reserved } = setUp();
    const record = await reserved('f1', 100);
    objects.store(record.key, 5_000, 'application/pdf');
    await expect(useCase.execute(USER, { fileId: 'f1' })).rejects.toEqual(
      expect.objectContaining({ code: ErrorCode.Conflict, message: expect.stringContaining('does not match') }),
    );
    expect(await objects.head(record.key)).toBeUndefined();
  });

  it("answers not found for another user's file and for an unknown one", async () => {
    const { objects, useCase, reserved } = setUp();
    const record = await reserved('f1', 100);
    objects.store(record.key, 100, 'application/pdf');
    await expect(useCase.execute('someone-else', { fileId: 'f1' })).rejects.toEqual(expect.objectContaining({ code: ErrorCode.NotFound }));
    await expect(useCase.execute(USER, { fileId: 'nope' })).rejects.toEqual(expect.objectContaining({ code: ErrorCode.NotFound }));
  });

  it('expires an upload completed too late: the reservation and the bytes are given back', async () => {
    const { files, objects, useCase, reserved, advance, pending } = setUp();
    const record = await reserved('f1', 100);
    objects.store(record.key, 100, 'application/pdf');
    advance(HOUR + 1);
    await expect(useCase.execute(USER, { fileId: 'f1' })).rejects.toEqual(
      expect.objectContaining({ code: ErrorCode.Conflict, message: expect.stringContaining('expired') }),
    );
    expect(await files.get(USER, 'f1')).toBeUndefined();
    expect(await pending()).toEqual([]);
    expect(objects.deleted).toContain(record.key);
  });

  it('assembles a multipart upload from the listed parts, and refuses a wrong part list', async () => {
    const { objects, useCase, reserved } = setUp();
    const uploadId = await objects.createMultipartUpload('users/user-1/f1/report.pdf', 'application/pdf');
    await reserved('f1', 300, { uploadId, partSize: 200, partCount: 2 });
    const parts = [
      { partNumber: 1, etag: objects.storePart(uploadId, 1, 200) },
      { partNumber: 2, etag: objects.storePart(uploadId, 2, 100) },
    ];

    await expect(useCase.execute(USER, { fileId: 'f1' })).rejects.toEqual(expect.objectContaining({ code: ErrorCode.ValidationFailed }));
    await expect(useCase.execute(USER, { fileId: 'f1', parts: [parts[1]!, parts[0]!] })).rejects.toEqual(
      expect.objectContaining({ code: ErrorCode.ValidationFailed }),
    );
    await expect(useCase.execute(USER, { fileId: 'f1', parts: [parts[0]!, { partNumber: 2, etag: '"forged"' }] })).rejects.toEqual(
      expect.objectContaining({ code: ErrorCode.Conflict, message: expect.stringContaining('ETags') }),
    );

    expect(await useCase.execute(USER, { fileId: 'f1', parts })).toEqual(expect.objectContaining({ status: 'uploaded', size: 300 }));
    expect(objects.isOpen(uploadId)).toBe(false);
  });

  it('refuses parts for a single-PUT upload', async () => {
    const { useCase, reserved } = setUp();
    await reserved('f1', 100);
    await expect(useCase.execute(USER, { fileId: 'f1', parts: [{ partNumber: 1, etag: '"x"' }] })).rejects.toEqual(
      expect.objectContaining({ code: ErrorCode.ValidationFailed }),
    );
  });

  it('a retry finishes what a first call left undone when the announcement failed', async () => {
    const { files, objects, useCase, reserved, published, failPublishing } = setUp();
    const record = await reserved('f1', 100);
    objects.store(record.key, 100, 'application/pdf');
    failPublishing(true);
    await expect(useCase.execute(USER, { fileId: 'f1' })).rejects.toThrow('bus down');
    expect(await files.get(USER, 'f1')).toEqual(expect.objectContaining({ status: 'uploaded' }));
    expect((await files.get(USER, 'f1'))?.eventPublished).toBeUndefined();

    failPublishing(false);
    await useCase.execute(USER, { fileId: 'f1' });
    expect(published).toEqual(['f1']);
    expect((await files.get(USER, 'f1'))?.eventPublished).toBe(true);
  });
});
