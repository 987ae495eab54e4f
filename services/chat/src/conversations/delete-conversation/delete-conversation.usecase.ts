import type { MemoryStore } from '../../memory/memory.store.js';
import type { ConversationStore } from '../conversation.store.js';
import type { MessageStore } from '../message.store.js';

/**
 * Deletes a conversation: its vectors in memory first (nothing of it is recalled again even if a
 * later step fails), its messages, the conversation itself, then its vectors once more: a reply
 * still being written may have stored one meanwhile, and writers re-check the conversation after
 * storing (ReplyRunner), so between the two sweeps nothing survives. Another user's conversation
 * answers `deleted: false` (404 at the gateway), nothing touched.
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
    await this.memory.forgetConversation(userId, conversationId);
    return { deleted: true };
  }
}
