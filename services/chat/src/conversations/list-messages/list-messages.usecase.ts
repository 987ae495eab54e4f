import { ChatError, type ChatMessage } from '@tasksensei/contracts';
import type { ConversationStore } from '../conversation.store.js';
import type { MessageStore } from '../message.store.js';

/**
 * API.md `GET /chat/conversations/{id}/messages`: user messages, tool messages (what ran) and
 * completed replies, in order. A reply still being written or failed is not shown: the history
 * holds what was said. Someone else's conversation is NOT_FOUND, as if it did not exist.
 */
export class ListMessagesUseCase {
  constructor(
    private readonly conversations: ConversationStore,
    private readonly messages: MessageStore,
  ) {}

  async execute(userId: string, conversationId: string): Promise<ChatMessage[]> {
    if (!(await this.conversations.get(userId, conversationId))) throw new ChatError('CONVERSATION_NOT_FOUND', 'No such conversation.');
    const records = await this.messages.list(conversationId);
    return records
      .filter((r) => r.userId === userId && (r.role !== 'assistant' || r.state === 'completed'))
      .map((r) => ({
        messageId: r.messageId,
        role: r.role,
        text: r.text,
        createdAt: r.createdAt,
        ...(r.citations?.length ? { citations: [...r.citations] } : {}),
        ...(r.stopped ? { stopped: true } : {}),
      }));
  }
}
