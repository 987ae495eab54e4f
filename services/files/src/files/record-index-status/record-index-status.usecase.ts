import type { EventOf, FileIndexedEvent } from '@tasksensei/contracts';
import type { Logger } from '@tasksensei/platform';
import type { FileStore } from '../file.store.js';

/**
 * Keeps chat's verdict on a file (`file.indexed`) as the file's `indexStatus`. One conditional
 * write: a redelivery, or a reading older than the one recorded, changes nothing; a file deleted
 * meanwhile is simply not there to update. Either way the event is done with.
 */
export class RecordIndexStatusUseCase {
  constructor(
    private readonly files: FileStore,
    private readonly logger: Logger,
  ) {}

  async execute(event: EventOf<typeof FileIndexedEvent>): Promise<void> {
    const { userId, fileId, status, error, chunks, attempt } = event.data;
    const applied = await this.files.recordIndexStatus(userId, fileId, {
      status,
      attempt,
      ...(error ? { error } : {}),
      ...(chunks !== undefined ? { chunks } : {}),
    });
    if (!applied) this.logger.debug({ fileId, status, attempt }, 'index status not applied: file gone or a newer reading recorded');
  }
}
