import type { EventOf, UserDeletedEvent } from '@tasksensei/contracts';
import type { Logger } from '@tasksensei/platform';
import type { ObjectStore } from '../storage/object.store.js';
import { userPrefix } from '../upload/object-key.js';
import type { FilesErasureRepository } from './files-erasure.repository.js';

/**
 * `user.deleted` in files: exports (records, so a build in flight deletes its own archive),
 * multipart uploads in progress, every object under the user's prefix (files, parts assembled
 * or not, exports, strays a crash left), the file records, then the quota item. Every step is
 * idempotent, so a redelivery or a retry after a failure finishes the job.
 */
export class EraseUserFilesUseCase {
  constructor(
    private readonly rows: FilesErasureRepository,
    private readonly objects: ObjectStore,
    private readonly logger: Logger,
  ) {}

  async execute(event: EventOf<typeof UserDeletedEvent>): Promise<void> {
    const { userId } = event.data;
    const exports = await this.rows.exportRecords(userId);
    await this.rows.deleteExportRecords(exports);
    const files = await this.rows.fileRecords(userId);
    for (const file of files) {
      if (typeof file.uploadId === 'string' && typeof file.key === 'string')
        await this.objects.abortMultipartUpload(file.key, file.uploadId);
    }
    const keys = await this.objects.listKeys(userPrefix(userId));
    for (const key of keys) await this.objects.delete(key);
    // Objects a record names but a listing may not show yet (eventual listing in S3).
    for (const file of files) if (typeof file.key === 'string') await this.objects.delete(file.key);
    await this.rows.deleteFileRecords(files);
    await this.rows.deleteQuota(userId);
    this.logger.info({ userId, eventId: event.id, files: files.length, exports: exports.length, objects: keys.length }, 'files erased');
  }
}
