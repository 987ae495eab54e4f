import type { Clock, Logger } from '@tasksensei/platform';
import type { FileEvents } from '../events/file-events.js';
import type { QuotaStore } from '../quota/quota.store.js';
import type { FilesMetrics } from '../shared/files-metrics.js';
import type { ObjectStore } from '../storage/object.store.js';
import type { FileRecord } from './file.record.js';
import type { FileStore } from './file.store.js';

/**
 * Finishes a removal that a conditional write has started (`expired` or `deleting`). Each step
 * can run again safely: the bytes are deleted (or the multipart upload aborted), the quota gets
 * the size back exactly once (keyed by file id in the quota item: the pending reservation, or
 * the record of the release), then the record goes. Delete,
 * the expiry sweep and the listing all call it, so a removal cut short by a crash is finished by
 * whoever next meets the record.
 */
export class FileRemoval {
  constructor(
    private readonly files: FileStore,
    private readonly quotas: QuotaStore,
    private readonly objects: ObjectStore,
    private readonly clock: Clock,
    private readonly metrics: FilesMetrics,
    private readonly logger: Logger,
    private readonly events: FileEvents,
  ) {}

  async finish(record: FileRecord): Promise<void> {
    if (record.status !== 'expired' && record.status !== 'deleting') return;
    const wasUploaded = record.status === 'deleting' && record.deletingFrom === 'uploaded';
    if (record.uploadId && !wasUploaded) await this.objects.abortMultipartUpload(record.key, record.uploadId);
    await this.objects.delete(record.key);

    const { userId, fileId, size } = record;
    const now = this.clock.now();
    // A confirmed file whose confirmation did not reach the quota item still holds a reservation.
    // Either way a confirmed file's release is recorded, so a second removal (a retry, or a
    // concurrent one holding the same record) finds it and gives nothing back twice.
    const released = wasUploaded
      ? (await this.quotas.releaseReservation(userId, fileId, size, now)) || (await this.quotas.releaseUpload(userId, fileId, size, now))
      : await this.quotas.releaseReservation(userId, fileId, size);
    if (released)
      this.metrics.reservationsReleased.inc({ reason: record.status === 'expired' ? 'expired' : wasUploaded ? 'deleted' : 'aborted' });

    // Before the record goes: a crash here leaves it `deleting`, and whoever finishes the removal publishes again (same id).
    if (wasUploaded) await this.events.deleted(record);
    await this.files.remove(userId, fileId, record.status);
    this.logger.info({ userId, fileId, status: record.status, released }, 'file removed');
  }
}
