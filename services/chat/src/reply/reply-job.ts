import type { ConversationRecord } from '../conversations/conversation.store.js';
import type { ReplyRef } from '../conversations/message.store.js';

/** One accepted message waiting for its reply. */
export interface ReplyJob {
  readonly userId: string;
  readonly conversationId: string;
  /** Sort prefix of the turn (see positions.ts). */
  readonly turn: string;
  readonly userMessage: { readonly messageId: string; readonly position: string; readonly text: string; readonly createdAt: string };
  readonly reply: ReplyRef;
  /** The conversation as read (or created) when the message was accepted: the context does not read it again. */
  readonly conversation?: ConversationRecord;
}
