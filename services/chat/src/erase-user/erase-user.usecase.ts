import type { EventOf, UserDeletedEvent } from '@tasksensei/contracts';
import type { Logger } from '@tasksensei/platform';
import type { MemoryStore } from '../memory/memory.store.js';
import type { ChatUserDataRepository } from './chat-user-data.repository.js';

/**
 * `user.deleted` in chat: the user's vectors in every Chroma collection first (nothing of them is
 * recalled again even if a later step fails), every DynamoDB row (conversations, messages, tasks,
 * reminders, automation records, send dedupe claims, daily usage), then the vectors once more:
 * a reply being written at that moment may have stored one meanwhile. Idempotent: a redelivery
 * finds nothing and erases nothing.
 */
export class EraseUserUseCase {
  constructor(
    private readonly rows: ChatUserDataRepository,
    private readonly memory: MemoryStore,
    private readonly logger: Logger,
  ) {}

  async execute(event: EventOf<typeof UserDeletedEvent>): Promise<void> {
    const { userId } = event.data;
    let vectors = await this.memory.eraseUser(userId);
    const rows = await this.rows.erase(userId);
    vectors += await this.memory.eraseUser(userId);
    this.logger.info({ userId, eventId: event.id, vectors, ...rows }, 'chat data erased');
  }
}
