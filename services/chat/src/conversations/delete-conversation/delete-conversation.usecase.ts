import type { MemoryStore } from '../../memory/memory.store.js';
import type { ConversationStore } from '../conversation.store.js';
import type { MessageStore } from '../message.store.js';

/**
 * Deletes a conversation: its vectors in memory first (so nothing of it is recalled again even
 * if a later step fails and the delete is retried), then its messages, then the conversation.
 * Another user's conversation answers `deleted: false` (404 at the gateway), nothing touched.
 */
export class DeleteConversationUseCase {
  constructor(
    private readonly conversations: ConversationStore,
    private readonly messages: MessageStore,
    private readonly memory: MemoryStore,
  ) {}

  async execute(userId: string, conversationId: string): Promise<{ deleted: boolean }> {
    if (!(await this.conversations.get(userId, conversationId))) return { deleted: false };
    await this.memory.forgetConversation(userId, conversationId);
    await this.messages.deleteConversation(conversationId);
    await this.conversations.delete(userId, conversationId);
    return { deleted: true };
  }
}
