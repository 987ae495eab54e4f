/** A question the assistant asked, waiting for the next message: the call it builds and what it lacks. */
export interface PendingQuestion {
  readonly name: string;
  readonly args: Record<string, unknown>;
  readonly missing: string;
}

/** A conversation as stored: the owner is part of the key, so another user's id finds nothing. */
export interface ConversationRecord {
  readonly userId: string;
  readonly conversationId: string;
  readonly title: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** What the messages up to `summarizedThrough` (a message position) said, in a few lines. */
  readonly summary?: string;
  readonly summarizedThrough?: string;
  /** The assistant's open question, if its last reply asked one (shared by every replica). */
  readonly pending?: PendingQuestion;
}

export interface ConversationStore {
  get(userId: string, conversationId: string): Promise<ConversationRecord | undefined>;
  /** False when it exists already. */
  create(record: ConversationRecord): Promise<boolean>;
  list(userId: string): Promise<ConversationRecord[]>;
  touch(userId: string, conversationId: string, updatedAt: string): Promise<void>;
  /** `touch` and `get` in one: the conversation as it is after the touch; undefined when there is none. */
  touchAndGet(userId: string, conversationId: string, updatedAt: string): Promise<ConversationRecord | undefined>;
  saveSummary(userId: string, conversationId: string, summary: string, through: string): Promise<void>;
  delete(userId: string, conversationId: string): Promise<boolean>;
  /** Sets (or, with undefined, clears) the open question; never recreates a deleted conversation. */
  setPending(userId: string, conversationId: string, pending: PendingQuestion | undefined): Promise<void>;
}
