import { FilesError } from '@tasksensei/contracts';
import type { Clock } from '@tasksensei/platform';
import type { FileRemoval } from '../file-removal.js';
import type { FileStore } from '../file.store.js';

const ATTEMPTS = 3;

/**
 * Deletes the caller's file: the record turns `deleting` (a conditional write on the state it
 * was read in), then FileRemoval deletes the object and gives the bytes back once. An upload in
 * progress is aborted the same way. Asked again after a crash, it finishes the deletion.
 */
export class DeleteFileUseCase {
  constructor(
    private readonly files: FileStore,
    private readonly removal: FileRemoval,
    private readonly clock: Clock,
  ) {}

  async execute(userId: string, fileId: string): Promise<void> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const record = await this.files.get(userId, fileId);
      if (!record || record.status === 'expired') throw new FilesError('FILE_NOT_FOUND', 'There is no such file.');
      const deleting =
        record.status === 'deleting' ? record : await this.files.beginDelete(userId, fileId, record.status, this.clock.now());
      if (deleting) {
        await this.removal.finish(deleting);
        return;
      }
    }
    throw new FilesError('CONCURRENT_CHANGE', 'This file kept changing while it was being deleted: try again.');
  }
}
