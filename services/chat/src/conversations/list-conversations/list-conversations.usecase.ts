import type { Conversation } from '@tasksensei/contracts';
import type { ConversationStore } from '../conversation.store.js';

/** API.md `GET /chat/conversations`: the caller's conversations, most recent first. */
export class ListConversationsUseCase {
  constructor(private readonly conversations: ConversationStore) {}

  async execute(userId: string): Promise<Conversation[]> {
    const all = await this.conversations.list(userId);
    return all
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
      .map((c) => ({ conversationId: c.conversationId, title: c.title, updatedAt: c.updatedAt }));
  }
}
