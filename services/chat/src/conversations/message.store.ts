import type { Citation } from '@tasksensei/contracts';
export type MessageRole = 'user' | 'assistant' | 'tool';
export type ReplyState = 'generating' | 'completed' | 'failed';

/**
 * One message. `position` orders a conversation: every message of a turn shares the user
 * message's prefix, then the user message, its tool messages and the reply (see positions.ts).
 */
export interface MessageRecord {
  readonly conversationId: string;
  readonly position: string;
  readonly messageId: string;
  readonly userId: string;
  readonly role: MessageRole;
  readonly text: string;
  readonly createdAt: string;
  /** Assistant replies only. */
  readonly state?: ReplyState;
  readonly owner?: string;
  readonly leaseUntil?: string;
  readonly errorCode?: string;
  /** The user's files a completed reply drew on. */
  readonly citations?: readonly Citation[];
  /** A reply the user stopped: its text is what was written until then. */
  readonly stopped?: boolean;
}

export interface ReplyRef {
  readonly conversationId: string;
  readonly position: string;
  readonly messageId: string;
  readonly userId: string;
}

/** What a completed reply records besides its text. */
export interface CompleteReplyOptions {
  /** The user stopped it: the text is what was written until then. */
  readonly stopped?: boolean;
  /** The user's files it drew on. */
  readonly citations?: readonly Citation[];
}

export interface MessageStore {
  put(record: MessageRecord): Promise<void>;
  /**
   * A reply placeholder owned by `owner` until `leaseUntil` (renewed while it is written); with
   * `question`, the user message it answers is written in the same request (both plain puts of
   * their own keys: a retry writes the same items).
   */
  startReply(reply: ReplyRef, createdAt: string, owner: string, leaseUntil: string, question?: MessageRecord): Promise<void>;
  /** False when the reply is no longer this owner's to renew (failed by a sweep, or deleted). */
  renewLease(reply: ReplyRef, owner: string, leaseUntil: string): Promise<boolean>;
  /** False when the reply was failed by a sweep or deleted meanwhile: then nothing is written. */
  completeReply(reply: ReplyRef, owner: string, text: string, completedAt: string, options?: CompleteReplyOptions): Promise<boolean>;
  /**
   * Fails a reply still generating. With `expectedLease`, only if nobody renewed it since it was
   * seen (a sweep); with `owner`, only if it is still that owner's (the process itself).
   */
  failReply(reply: ReplyRef, code: string, guard: { expectedLease?: string; owner?: string }): Promise<boolean>;
  list(conversationId: string): Promise<MessageRecord[]>;
  /** Replies still generating whose lease ended before `now`. */
  expiredReplies(now: string, limit: number): Promise<MessageRecord[]>;
  deleteConversation(conversationId: string): Promise<number>;
}
