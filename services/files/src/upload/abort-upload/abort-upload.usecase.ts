import { FilesError } from '@tasksensei/contracts';
import type { FileRemoval } from '../../files/file-removal.js';
import type { FileStore } from '../../files/file.store.js';
import type { Clock } from '@tasksensei/platform';

/** Gives up an upload in progress: parts, record and reservation go. A confirmed file is never aborted, only deleted. */
export class AbortUploadUseCase {
  constructor(
    private readonly files: FileStore,
    private readonly removal: FileRemoval,
    private readonly clock: Clock,
  ) {}

  async execute(userId: string, fileId: string): Promise<void> {
    const record = await this.files.get(userId, fileId);
    if (record?.status === 'uploaded') throw new FilesError('UPLOAD_ALREADY_COMPLETE', 'This file is uploaded: delete it instead.');
    if (!record || record.status === 'expired') throw new FilesError('UPLOAD_NOT_FOUND', 'There is no such upload in progress.');
    const deleting = record.status === 'deleting' ? record : await this.files.beginDelete(userId, fileId, 'pending', this.clock.now());
    if (!deleting) throw new FilesError('CONCURRENT_CHANGE', 'This upload changed meanwhile: list your files and try again.');
    await this.removal.finish(deleting);
  }
}
