import { FilesError, type ReplyOf, type FileSourceContract } from '@tasksensei/contracts';
import type { FilesSettings } from '../../config/files.env.js';
import type { Clock } from '@tasksensei/platform';
import type { ObjectStore } from '../../storage/object.store.js';
import type { FileStore } from '../file.store.js';

/**
 * Where a service may read the bytes of a user's confirmed file: a short presigned GET on the
 * internal endpoint. Files never carries the bytes itself; a file that is not confirmed (or
 * not that user's) is NOT_FOUND, which tells the reader to stop.
 */
export class FileSourceUseCase {
  constructor(
    private readonly files: FileStore,
    private readonly objects: ObjectStore,
    private readonly clock: Clock,
    private readonly settings: FilesSettings,
  ) {}

  async execute(userId: string, fileId: string): Promise<ReplyOf<typeof FileSourceContract>> {
    const record = await this.files.get(userId, fileId);
    if (!record || record.status !== 'uploaded') throw new FilesError('FILE_NOT_FOUND', 'There is no such file.');
    const link = await this.objects.presignInternalGet(record.key, this.clock.now(), this.settings.downloadUrlTtlSeconds);
    return {
      ...link,
      filename: record.filename,
      contentType: record.contentType,
      size: record.size,
      ...(record.uploadedAt ? { uploadedAt: record.uploadedAt } : {}),
    };
  }
}
