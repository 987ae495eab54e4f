import { FilesError, formatBytes, type CompleteUploadRequest, type FileView } from '@tasksensei/contracts';
import type { Clock, Logger } from '@tasksensei/platform';
import type { FileEvents } from '../../events/file-events.js';
import type { FileRemoval } from '../../files/file-removal.js';
import { isVisible, toFileView, type FileRecord } from '../../files/file.record.js';
import type { FileStore } from '../../files/file.store.js';
import type { QuotaStore } from '../../quota/quota.store.js';
import type { FilesMetrics } from '../../shared/files-metrics.js';
import type { ObjectStore } from '../../storage/object.store.js';

export interface CompleteUploadDeps {
  readonly files: FileStore;
  readonly quotas: QuotaStore;
  readonly objects: ObjectStore;
  readonly events: FileEvents;
  readonly removal: FileRemoval;
  readonly clock: Clock;
  readonly metrics: FilesMetrics;
  readonly logger: Logger;
}

const notFound = () => new FilesError('FILE_NOT_FOUND', 'There is no such file.');
const expired = () => new FilesError('UPLOAD_EXPIRED', 'This upload expired before it was completed: request a new upload.');

/**
 * Confirms an upload. The object must really be there with the reserved size and type (HEAD);
 * then the record turns `uploaded` (a conditional write, so it races safely with the expiry
 * sweep), the reservation becomes a permanent charge and `file.uploaded` is published. Called
 * again, it finishes whatever a first call left undone and answers the same file.
 */
export class CompleteUploadUseCase {
  constructor(private readonly deps: CompleteUploadDeps) {}

  async execute(userId: string, request: CompleteUploadRequest): Promise<FileView> {
    const { files, objects, clock } = this.deps;
    const record = await files.get(userId, request.fileId);
    if (record?.status === 'uploaded') return this.confirmed(record);
    const now = clock.now();
    if (!isVisible(record, now)) {
      if (record?.status === 'pending') {
        await this.expireNow(record, now);
        throw expired();
      }
      throw notFound();
    }

    if (record.uploadId) await this.assemble(record, record.uploadId, request.parts);
    else if (request.parts) throw new FilesError('PARTS_NOT_EXPECTED', 'This upload is a single PUT: complete it without parts.');

    const stored = await objects.head(record.key);
    if (!stored) {
      throw new FilesError(
        'FILE_NOT_UPLOADED',
        'The file has not been uploaded yet: PUT it to the upload URL with the given headers, then complete.',
      );
    }
    if (stored.size !== record.size || stored.contentType !== record.contentType) {
      // Not what was reserved: it must not stay stored on a reservation that does not match.
      await objects.delete(record.key);
      throw new FilesError(
        'UPLOAD_MISMATCH',
        `The stored object (${formatBytes(stored.size)}, ${stored.contentType ?? 'no type'}) does not match the upload (${formatBytes(record.size)}, ${record.contentType}).`,
      );
    }

    // The version confirmed here is the one the quota pays for: the sweep deletes any other.
    const uploaded = await files.markUploaded(userId, record.fileId, clock.now(), {
      ...(stored.etag ? { etag: stored.etag } : {}),
      ...(stored.versionId ? { versionId: stored.versionId } : {}),
    });
    if (!uploaded) {
      // Lost a race: with another /complete (fine) or with the expiry sweep (too late).
      const current = await files.get(userId, record.fileId);
      if (current?.status === 'uploaded') return this.confirmed(current);
      throw current?.status === 'pending' ? expired() : notFound();
    }
    this.deps.metrics.uploadsCompleted.inc({ kind: record.uploadId ? 'multipart' : 'single' });
    this.deps.metrics.uploadedBytes.inc(record.size);
    this.deps.logger.info({ userId, fileId: record.fileId, size: record.size }, 'upload confirmed');
    return this.confirmed(uploaded);
  }

  /** The steps after the record turned `uploaded`; each is idempotent, so a retry finishes them. */
  private async confirmed(record: FileRecord): Promise<FileView> {
    await this.deps.quotas.commit(record.userId, record.fileId);
    if (!record.eventPublished) {
      await this.deps.events.uploaded(record);
      await this.deps.files.markEventPublished(record.userId, record.fileId);
    }
    return toFileView({ ...record, status: 'uploaded' });
  }

  private async assemble(record: FileRecord, uploadId: string, parts: CompleteUploadRequest['parts']): Promise<void> {
    const count = record.partCount ?? 0;
    if (!parts)
      throw new FilesError('PARTS_INVALID', `This upload has ${count} parts: complete it with the ETag of each.`, [
        { path: 'parts', message: 'Required' },
      ]);
    const numbers = parts.map((p) => p.partNumber);
    if (parts.length !== count || numbers.some((n, i) => n !== i + 1)) {
      throw new FilesError('PARTS_INVALID', `List parts 1 to ${count}, in order, each once.`, [
        { path: 'parts', message: `expected parts 1..${count}` },
      ]);
    }
    const outcome = await this.deps.objects.completeMultipartUpload(record.key, uploadId, parts);
    switch (outcome) {
      case 'completed':
        return;
      case 'no-such-upload':
        // Assembled by an earlier call that did not get as far as the record: the HEAD decides.
        return;
      case 'invalid-parts':
        throw new FilesError(
          'PARTS_INCOMPLETE',
          'Some parts are missing or their ETags do not match: upload every part, then complete with the ETags they answered.',
        );
    }
  }

  private async expireNow(record: FileRecord, now: Date): Promise<void> {
    const lapsed = await this.deps.files.expire(record.userId, record.fileId, now);
    if (lapsed)
      await this.deps.removal
        .finish(lapsed)
        .catch((error: unknown) => this.deps.logger.warn({ err: error, fileId: record.fileId }, 'expired upload not removed yet'));
  }
}
