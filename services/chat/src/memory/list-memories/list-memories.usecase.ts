import { ChatError, type Memory } from '@tasksensei/contracts';
import { InvalidCursorError } from '../memory-order.js';
import type { MemoryStore } from '../memory.store.js';

const PAGE = 20;

/** API.md `GET /memories`: what the assistant remembers of the caller, newest first, paged. */
export class ListMemoriesUseCase {
  constructor(private readonly memory: MemoryStore) {}

  async execute(userId: string, request: { cursor?: string; limit?: number }): Promise<{ items: Memory[]; next?: string }> {
    try {
      const page = await this.memory.list(userId, { limit: request.limit ?? PAGE, ...(request.cursor ? { cursor: request.cursor } : {}) });
      const items = page.items.map((m) => ({ memoryId: m.id, text: m.text, conversationId: m.conversationId, createdAt: m.createdAt }));
      return page.next ? { items, next: page.next } : { items };
    } catch (error) {
      if (error instanceof InvalidCursorError)
        throw new ChatError('CURSOR_INVALID', 'The cursor is not valid.', [{ path: 'cursor', message: error.message }]);
      throw error;
    }
  }
}
