/** One message remembered for its user: the vector store holds it with its owner's id. */
export interface MemoryEntry {
  readonly id: string;
  readonly userId: string;
  readonly conversationId: string;
  readonly role: 'user' | 'assistant';
  readonly text: string;
  readonly createdAt: string;
}

export interface MemoryHit extends MemoryEntry {
  /** Cosine similarity, 1 for the same direction. */
  readonly score: number;
}

/** A page of a user's memories, newest first; `next` is an opaque cursor to the older rest. */
export interface MemoryPage {
  readonly items: MemoryEntry[];
  readonly next?: string;
}

export interface MemoryStore {
  remember(entries: readonly MemoryEntry[]): Promise<void>;
  /** The user's most similar messages; the user filter is applied inside the vector query. */
  search(userId: string, query: string, limit: number): Promise<MemoryHit[]>;
  forgetConversation(userId: string, conversationId: string): Promise<void>;
  /** The user's memories, newest first (createdAt, then id), `limit` at a time from `cursor`. */
  list(userId: string, page: { readonly limit: number; readonly cursor?: string }): Promise<MemoryPage>;
  /** Forgets one memory; false when there is none of that id for this user (nothing is deleted). */
  forget(userId: string, memoryId: string): Promise<boolean>;
  /** Forgets every memory of the user. */
  forgetAll(userId: string): Promise<void>;
  count(userId: string): Promise<number>;
  /** Keeps the user's newest `keep` memories and forgets the older ones; answers how many went. */
  trim(userId: string, keep: number): Promise<number>;
  /** Deletes these memories of the user (ids of anyone else's are left alone). */
  deleteByIds(userId: string, ids: readonly string[]): Promise<void>;
  /**
   * Erases every vector of the user in every collection this store's database holds (memories,
   * and any other collection whose entries carry `userId`, such as file chunks); answers how many.
   */
  eraseUser(userId: string): Promise<number>;
  /** Every entry of the user in every collection, for an account export. */
  exportUser(userId: string): Promise<ExportedMemory[]>;
}

export interface ExportedMemory {
  readonly memoryId: string;
  readonly collection: string;
  readonly text: string;
  readonly conversationId?: string;
  readonly role?: string;
  readonly createdAt?: string;
}
