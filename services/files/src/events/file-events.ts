import { FileDeletedEvent, FileUploadedEvent } from '@tasksensei/contracts';
import type { EventPublisher } from '@tasksensei/platform';
import type { FileRecord } from '../files/file.record.js';

export interface FileEvents {
  uploaded(record: FileRecord): Promise<void>;
  deleted(record: FileRecord): Promise<void>;
}

/**
 * `file.uploaded` on JetStream. The event id is derived from the file, so a retried /complete
 * republishes the same id and the stream drops the duplicate.
 */
export class JetStreamFileEvents implements FileEvents {
  constructor(private readonly publisher: EventPublisher) {}

  async uploaded(record: FileRecord): Promise<void> {
    await this.publisher.publish(FileUploadedEvent, {
      id: `file-uploaded-${record.fileId}`,
      type: FileUploadedEvent.subject,
      occurredAt: record.uploadedAt ?? new Date().toISOString(),
      data: { userId: record.userId, fileId: record.fileId, size: record.size, contentType: record.contentType },
    });
  }

  /** Id derived from the file: a removal finished twice publishes one event. */
  async deleted(record: FileRecord): Promise<void> {
    await this.publisher.publish(FileDeletedEvent, {
      id: `file-deleted-${record.fileId}`,
      type: FileDeletedEvent.subject,
      occurredAt: record.deletingAt ?? new Date().toISOString(),
      data: { userId: record.userId, fileId: record.fileId },
    });
  }
}
