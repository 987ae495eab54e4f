/** A passage of a user's file as stored for retrieval. */
export interface DocumentChunk {
  /** `<fileId>:<page>:<n>`: the same file read again gives the same ids. */
  readonly id: string;
  readonly userId: string;
  readonly fileId: string;
  readonly filename: string;
  /** PDF page (1-based); absent for files without pages. */
  readonly page?: number;
  readonly text: string;
}

export interface DocumentHit extends DocumentChunk {
  /** Cosine similarity, 1 for the same direction. */
  readonly score: number;
}

/** Where the passages of users' files live (Chroma). Every search is filtered by user inside the query. */
export interface DocumentChunkStore {
  add(chunks: readonly DocumentChunk[]): Promise<void>;
  search(userId: string, query: string, limit: number): Promise<DocumentHit[]>;
  /** Removes every passage of one file of the user. Idempotent. */
  forgetFile(userId: string, fileId: string): Promise<void>;
  /** Removes every passage of every file of the user (account erasure). Idempotent. */
  eraseUser(userId: string): Promise<void>;
}
