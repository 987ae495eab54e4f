import { FileIndexedEvent, type EventDataOf } from '@tasksensei/contracts';
import type { EventPublisher } from '@tasksensei/platform';
import type { ChatEvents } from '../../events/chat-events.js';
import type { ChatMetrics } from '../../reply/chat-metrics.js';

export type IndexOutcome = Omit<EventDataOf<typeof FileIndexedEvent>, 'userId' | 'fileId' | 'attempt'>;

/** What a reading tells the world: files (JetStream, durable) and the owner's sockets. */
export interface DocumentEvents {
  progress(userId: string, fileId: string, progress: number, pages?: number): void;
  finished(userId: string, fileId: string, attempt: string, outcome: IndexOutcome): Promise<void>;
}

export class BusDocumentEvents implements DocumentEvents {
  constructor(
    private readonly publisher: EventPublisher,
    private readonly sockets: ChatEvents,
    private readonly metrics?: ChatMetrics,
  ) {}

  progress(userId: string, fileId: string, progress: number, pages?: number): void {
    this.sockets.publish({
      event: 'file.indexing',
      userId,
      data: { fileId, progress: Math.min(1, Math.max(0, progress)), ...(pages !== undefined ? { pages } : {}) },
    });
  }

  async finished(userId: string, fileId: string, attempt: string, outcome: IndexOutcome): Promise<void> {
    // Id per reading: a redelivered reading of the same attempt is dropped by the stream.
    await this.publisher.publish(FileIndexedEvent, {
      id: `file-indexed-${fileId}-${Date.parse(attempt)}`,
      type: FileIndexedEvent.subject,
      occurredAt: new Date().toISOString(),
      data: { userId, fileId, attempt, ...outcome },
    });
    this.metrics?.documentsIndexed.inc({ status: outcome.status });
    this.sockets.publish({
      event: 'file.indexed',
      userId,
      data: {
        fileId,
        status: outcome.status,
        ...(outcome.chunks !== undefined ? { chunks: outcome.chunks } : {}),
        ...(outcome.error ? { error: outcome.error } : {}),
      },
    });
  }
}
