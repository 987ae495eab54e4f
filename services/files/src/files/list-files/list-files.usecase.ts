import type { FileView } from '@tasksensei/contracts';
import type { Clock, Logger } from '@tasksensei/platform';
import type { ReleaseExpiredReservations } from '../../reservations/release-expired.usecase.js';
import type { FileRemoval } from '../file-removal.js';
import { isVisible, toFileView, type FileRecord } from '../file.record.js';
import type { FileStore } from '../file.store.js';

/** A deletion older than this was cut short (a crash): the listing finishes it. */
const STALLED_REMOVAL_MS = 60_000;

/** The caller's files, newest first: confirmed ones and uploads whose reservation still holds. */
export class ListFilesUseCase {
  constructor(
    private readonly files: FileStore,
    private readonly sweep: ReleaseExpiredReservations,
    private readonly removal: FileRemoval,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  async execute(userId: string): Promise<FileView[]> {
    await this.sweep
      .execute(userId)
      .catch((error: unknown) => this.logger.warn({ err: error, userId }, 'expired reservations not released yet'));
    const now = this.clock.now();
    const records = await this.files.list(userId);
    await Promise.all(
      records
        .filter((r) => this.stalled(r, now))
        .map((r) =>
          this.removal
            .finish(r)
            .catch((error: unknown) => this.logger.warn({ err: error, fileId: r.fileId }, 'stalled removal not finished yet')),
        ),
    );
    return records
      .filter((record) => isVisible(record, now))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.fileId.localeCompare(b.fileId))
      .map(toFileView);
  }

  private stalled(record: FileRecord, now: Date): boolean {
    if (record.status === 'expired') return true;
    return record.status === 'deleting' && now.getTime() - Date.parse(record.deletingAt ?? record.createdAt) > STALLED_REMOVAL_MS;
  }
}
