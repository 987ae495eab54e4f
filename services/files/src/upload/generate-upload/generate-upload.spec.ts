import { ErrorCode, type PlanLimits } from '@tasksensei/contracts';
import { createLogger, Metrics } from '@tasksensei/platform';
import type { FilesSettings } from '../../config/files.env.js';
import type { FileEvents } from '../../events/file-events.js';
import { FileRemoval } from '../../files/file-removal.js';
import type { FileRecord } from '../../files/file.record.js';
import { InMemoryFileStore } from '../../files/in-memory.file-store.js';
import { InMemoryQuotaStore } from '../../quota/in-memory.quota-store.js';
import { ReleaseExpiredReservations } from '../../reservations/release-expired.usecase.js';
import { filesMetrics } from '../../shared/files-metrics.js';
import { InMemoryObjectStore } from '../../storage/in-memory.object-store.js';
import { GenerateUploadUseCase } from './generate-upload.usecase.js';

const USER = 'user-1';
const NOW = new Date('2026-03-10T12:00:00Z');
const MIB = 1024 * 1024;
const settings: FilesSettings = {
  uploadUrlTtlSeconds: 900,
  downloadUrlTtlSeconds: 300,
  reservationTtlSeconds: 3_600,
  multipartThresholdBytes: 16 * MIB,
  partSizeBytes: 8 * MIB,
  maxPendingUploads: 3,
  exportUrlTtlSeconds: 300,
  exportRetentionSeconds: 86_400,
};
const free: PlanLimits = { storageQuotaBytes: 100 * MIB, maxFileSizeBytes: 20 * MIB, messagesPerDay: 10, automations: [] };

function setUp(limits: PlanLimits = free) {
  const files = new InMemoryFileStore();
  const quotas = new InMemoryQuotaStore();
  const objects = new InMemoryObjectStore();
  const clock = { now: () => NOW };
  const logger = createLogger('files-spec', 'silent');
  const metrics = filesMetrics(new Metrics('files-spec'));
  const events: FileEvents = { uploaded: () => Promise.resolve(), deleted: () => Promise.resolve() };
  const sweep = new ReleaseExpiredReservations(
    files,
    quotas,
    new FileRemoval(files, quotas, objects, clock, metrics, logger, events),
    clock,
    logger,
  );
  const useCase = new GenerateUploadUseCase({
    files,
    quotas,
    objects,
    plans: { limitsFor: () => Promise.resolve(limits) },
    sweep,
    clock,
    settings,
    metrics,
    logger,
  });
  const used = async () => (await quotas.get(USER))?.usedBytes ?? 0;
  return { files, quotas, objects, useCase, used };
}

describe('GenerateUploadUseCase', () => {
  it('reserves the size, records a pending upload and signs one PUT for exactly that type and size', async () => {
    const { files, useCase, used } = setUp();
    const reply = await useCase.execute(USER, { filename: '../Q1 report.pdf', contentType: 'Application/PDF', size: 2 * MIB });

    expect(reply).toEqual(
      expect.objectContaining({
        method: 'PUT',
        headers: { 'content-type': 'application/pdf', 'content-length': String(2 * MIB) },
        expiresAt: new Date(NOW.getTime() + 900_000).toISOString(),
      }),
    );
    expect(reply.multipart).toBeUndefined();
    expect(reply.key).toMatch(new RegExp(`^users/${USER}/${reply.fileId}/`));
    const record = await files.get(USER, reply.fileId);
    expect(record).toEqual(
      expect.objectContaining({
        status: 'pending',
        size: 2 * MIB,
        contentType: 'application/pdf',
        key: reply.key,
        expiresAt: NOW.getTime() + 3_600_000,
      }),
    );
    expect(record!.filename).not.toContain('/');
    expect(await used()).toBe(2 * MIB);
  });

  it('signs a multipart upload above the threshold, with the first part URLs', async () => {
    const { files, objects, useCase } = setUp({ ...free, maxFileSizeBytes: 500 * MIB, storageQuotaBytes: 1_000 * MIB });
    const reply = await useCase.execute(USER, { filename: 'video.mp4', contentType: 'video/mp4', size: 200 * MIB });

    expect(reply.multipart).toEqual(expect.objectContaining({ partSize: 8 * MIB, partCount: 25 }));
    // The first 20 parts are signed now, the rest asked for as the upload goes.
    expect(reply.multipart!.parts.map((p) => p.partNumber)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const record = await files.get(USER, reply.fileId);
    expect(record?.uploadId).toBeDefined();
    expect(objects.isOpen(record!.uploadId!)).toBe(true);
  });

  it.each([
    ['a type outside the allow-list', { filename: 'a.bin', contentType: 'application/x-msdownload' }],
    ['an executable name under an allowed type', { filename: 'setup.exe', contentType: 'application/pdf' }],
  ])('refuses %s before reserving anything', async (_label, file) => {
    const { useCase, used } = setUp();
    await expect(useCase.execute(USER, { ...file, size: 100 })).rejects.toEqual(
      expect.objectContaining({ code: ErrorCode.UnsupportedMediaType }),
    );
    expect(await used()).toBe(0);
  });

  it("refuses a file larger than the plan allows, naming the plan's limit", async () => {
    const { useCase, used } = setUp();
    await expect(useCase.execute(USER, { filename: 'big.zip', contentType: 'application/zip', size: 21 * MIB })).rejects.toEqual(
      expect.objectContaining({ code: ErrorCode.PayloadTooLarge, message: expect.stringContaining('up to 20 MB') }),
    );
    expect(await used()).toBe(0);
  });

  it('refuses an upload that would exceed the quota, and takes it once a lapsed reservation is given back', async () => {
    const { files, quotas, useCase, used } = setUp({ ...free, storageQuotaBytes: 10 * MIB });
    const first = await useCase.execute(USER, { filename: 'a.zip', contentType: 'application/zip', size: 6 * MIB });
    await expect(useCase.execute(USER, { filename: 'b.zip', contentType: 'application/zip', size: 6 * MIB })).rejects.toEqual(
      expect.objectContaining({ code: ErrorCode.PayloadTooLarge, message: expect.stringContaining('storage quota') }),
    );
    expect(await used()).toBe(6 * MIB);

    // The first upload lapses unconfirmed: the next request sweeps it and fits.
    const lapsed: FileRecord = { ...(await files.get(USER, first.fileId))!, expiresAt: NOW.getTime() - 1 };
    files.records.set(first.fileId, lapsed);
    await quotas.extend(USER, first.fileId, NOW.getTime() - 1);
    const second = await useCase.execute(USER, { filename: 'b.zip', contentType: 'application/zip', size: 6 * MIB });
    expect(await files.get(USER, first.fileId)).toBeUndefined();
    expect(await files.get(USER, second.fileId)).toEqual(expect.objectContaining({ status: 'pending' }));
    expect(await used()).toBe(6 * MIB);
  });

  it('refuses more uploads in progress than the limit, with a retry hint', async () => {
    const { useCase } = setUp();
    for (let i = 0; i < settings.maxPendingUploads; i++)
      await useCase.execute(USER, { filename: `f${i}.txt`, contentType: 'text/plain', size: 10 });
    await expect(useCase.execute(USER, { filename: 'one-more.txt', contentType: 'text/plain', size: 10 })).rejects.toEqual(
      expect.objectContaining({ code: ErrorCode.RateLimited, retryAfterSeconds: 60 }),
    );
  });

  it('gives the reservation back and aborts the parts when the record cannot be written', async () => {
    const { files, objects, useCase, used } = setUp({ ...free, maxFileSizeBytes: 500 * MIB, storageQuotaBytes: 1_000 * MIB });
    files.create = () => Promise.reject(new Error('DynamoDB unavailable'));
    await expect(useCase.execute(USER, { filename: 'video.mp4', contentType: 'video/mp4', size: 40 * MIB })).rejects.toThrow(
      'DynamoDB unavailable',
    );
    expect(await used()).toBe(0);
    expect(objects.aborted).toHaveLength(1);
  });
});
