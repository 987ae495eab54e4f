import type { ForgottenStore } from '../../memory/forgotten/forgotten.store.js';
import type { MemoryStore } from '../../memory/memory.store.js';
import type { ConversationStore } from '../conversation.store.js';
import type { MessageStore } from '../message.store.js';

/**
 * Deletes a conversation: its vectors in memory first (nothing of it is recalled again even if a
 * later step fails), its messages, the conversation itself, then its vectors once more: a reply
 * still being written may have stored one meanwhile, and writers re-check the conversation after
 * storing (ReplyRunner), so between the two sweeps nothing survives. The records of its messages
 * the user had erased go after the messages (with no message left, nothing can come back), so a
 * failure in between leaves them, never a message without its record. Another user's
 * conversation answers `deleted: false` (404 at the gateway), nothing touched.
 */
export class DeleteConversationUseCase {
  constructor(
    private readonly conversations: ConversationStore,
    private readonly messages: MessageStore,
    private readonly memory: MemoryStore,
    private readonly forgotten: Pick<ForgottenStore, 'of' | 'remove'>,
  ) {}

  async execute(userId: string, conversationId: string): Promise<{ deleted: boolean }> {
    if (!(await this.conversations.get(userId, conversationId))) return { deleted: false };
    await this.memory.forgetConversation(userId, conversationId);
    const erased = await this.erasedIn(userId, conversationId);
    await this.messages.deleteConversation(conversationId);
    await this.conversations.delete(userId, conversationId);
    await this.memory.forgetConversation(userId, conversationId);
    if (erased.length > 0) await this.forgotten.remove(userId, erased);
    return { deleted: true };
  }

  /** The ids of this conversation's messages the user had erased (most users have none: one read). */
  private async erasedIn(userId: string, conversationId: string): Promise<string[]> {
    const { ids } = await this.forgotten.of(userId);
    if (ids.size === 0) return [];
    return (await this.messages.list(conversationId)).filter((m) => m.userId === userId && ids.has(m.messageId)).map((m) => m.messageId);
  }
}
