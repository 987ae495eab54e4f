import type { EventOf, FileDeletedEvent } from '@tasksensei/contracts';
import type { DocumentChunkStore } from '../chunks/document-chunk.js';

/** A deleted file's passages go with it: the assistant no longer knows what it said. Idempotent. */
export class ForgetFileUseCase {
  constructor(private readonly store: DocumentChunkStore) {}

  execute(event: EventOf<typeof FileDeletedEvent>): Promise<void> {
    return this.store.forgetFile(event.data.userId, event.data.fileId);
  }
}
