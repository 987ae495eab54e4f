import { FilesError, type UploadPart } from '@tasksensei/contracts';
import type { FilesSettings } from '../../config/files.env.js';
import { isVisible } from '../../files/file.record.js';
import type { FileStore } from '../../files/file.store.js';
import { partLength } from '../../policy/upload-plan.js';
import type { QuotaStore } from '../../quota/quota.store.js';
import type { Clock } from '@tasksensei/platform';
import type { FilesMetrics } from '../../shared/files-metrics.js';
import type { ObjectStore } from '../../storage/object.store.js';

/**
 * Fresh URLs for parts of a multipart upload, each signed for its exact length. Asking for parts
 * shows the upload is alive, so the reservation is extended: a long upload keeps its quota.
 */
export class UploadPartsUseCase {
  constructor(
    private readonly files: FileStore,
    private readonly quotas: QuotaStore,
    private readonly objects: ObjectStore,
    private readonly clock: Clock,
    private readonly settings: FilesSettings,
    private readonly metrics: FilesMetrics,
  ) {}

  async execute(userId: string, fileId: string, partNumbers: readonly number[]): Promise<UploadPart[]> {
    const now = this.clock.now();
    const record = await this.files.get(userId, fileId);
    if (!isVisible(record, now)) throw new FilesError('UPLOAD_NOT_FOUND', 'There is no such upload in progress.');
    if (record.status === 'uploaded') throw new FilesError('UPLOAD_ALREADY_COMPLETE', 'This upload is complete already.');
    const { uploadId, partSize, partCount } = record;
    if (!uploadId || !partSize || !partCount) throw new FilesError('UPLOAD_NOT_MULTIPART', 'This upload is a single PUT: it has no parts.');
    const beyond = partNumbers.find((n) => n > partCount);
    if (beyond !== undefined)
      throw new FilesError('PARTS_INVALID', `This upload has ${partCount} parts.`, [
        { path: 'partNumbers', message: `${beyond} is not a part of this upload` },
      ]);

    const expiresAt = now.getTime() + this.settings.reservationTtlSeconds * 1000;
    if (!(await this.files.extend(userId, fileId, expiresAt)))
      throw new FilesError('UPLOAD_NOT_IN_PROGRESS', 'This upload is no longer in progress.');
    await this.quotas.extend(userId, fileId, expiresAt);

    const parts = await Promise.all(
      [...new Set(partNumbers)].map(async (partNumber) => {
        const size = partLength(record.size, partSize, partNumber);
        const put = await this.objects.presignPart(record.key, uploadId, partNumber, size, now, this.settings.uploadUrlTtlSeconds);
        return { ...put, partNumber, size };
      }),
    );
    this.metrics.presignedUrls.inc({ kind: 'part' }, parts.length);
    return parts;
  }
}
