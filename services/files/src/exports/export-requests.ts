import { UserExportRequestedEvent } from '@tasksensei/contracts';
import type { EventPublisher } from '@tasksensei/platform';

/** Hands an accepted export to the builder through JetStream, so it is built at least once. */
export interface ExportRequests {
  requested(userId: string, exportId: string, at: Date): Promise<void>;
}

export class JetStreamExportRequests implements ExportRequests {
  constructor(private readonly publisher: EventPublisher) {}

  async requested(userId: string, exportId: string, at: Date): Promise<void> {
    await this.publisher.publish(UserExportRequestedEvent, {
      id: `file.export-requested:${exportId}`,
      type: UserExportRequestedEvent.subject,
      occurredAt: at.toISOString(),
      data: { userId, exportId },
    });
  }
}
