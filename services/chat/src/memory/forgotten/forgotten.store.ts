/**
 * What a user had the assistant forget, kept durably beside the messages (DynamoDB
 * `chat-forgotten`): the vector memory is only an index of the stored messages, so a rebuild or a
 * re-index of them must know which ones the user erased and leave those out.
 *
 * - One row per erased memory (its id is the message's id): `DELETE /memories/{id}`, "forget
 *   that ..." (the memories it found, the request itself and the reply that answered it).
 * - One row for `DELETE /memories`: everything of the user stored until then (`before`); the
 *   rows of single memories older than that are dropped, they are covered.
 *
 * Rows go with what they describe: deleting a conversation drops those of its messages, erasing
 * the account drops them all.
 */
export interface ForgottenStore {
  /** Records that these memories of the user were erased (idempotent). */
  add(userId: string, memoryIds: readonly string[], at: string): Promise<void>;
  /** Takes back rows written for an erasure that found nothing to erase. */
  remove(userId: string, memoryIds: readonly string[]): Promise<void>;
  /** Everything of the user stored up to `at` was erased. */
  addEverything(userId: string, at: string): Promise<void>;
  /** What the user erased: what a rebuild of their memory must leave out. */
  of(userId: string): Promise<Forgotten>;
  /** Every row of the user (account erasure); answers how many went. */
  erase(userId: string): Promise<number>;
}

export interface Forgotten {
  readonly ids: ReadonlySet<string>;
  /** Everything stored up to this instant (ISO) was erased, when set. */
  readonly before?: string;
}

export const NOTHING_FORGOTTEN: Forgotten = { ids: new Set() };

/** Whether a message, stored at `createdAt`, is one the user erased. */
export function isForgotten(forgotten: Forgotten, messageId: string, createdAt: string): boolean {
  return forgotten.ids.has(messageId) || (forgotten.before !== undefined && createdAt <= forgotten.before);
}
