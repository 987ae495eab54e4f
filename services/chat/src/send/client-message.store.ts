/** The dedupe claim of one sendMessage, keyed by (user, clientMessageId). */
export interface ClientMessageRecord {
  readonly userId: string;
  readonly clientMessageId: string;
  readonly conversationId: string;
  readonly userMessageId: string;
  /** The reply's id: what the ack names and every event of the reply carries. */
  readonly messageId: string;
  /** `pending` until the messages are written; a pending claim left by a crash can be taken over. */
  readonly state: 'pending' | 'accepted';
  readonly claimedAt: string;
}

export type ClaimOutcome = { readonly kind: 'claimed' } | { readonly kind: 'duplicate'; readonly record: ClientMessageRecord };

export interface ClientMessageStore {
  claim(record: ClientMessageRecord): Promise<ClaimOutcome>;
  accept(userId: string, clientMessageId: string): Promise<void>;
  /** Re-claims a pending claim nobody finished (its `claimedAt` unchanged); false when someone else did. */
  takeOver(stale: ClientMessageRecord, claimedAt: string): Promise<boolean>;
  release(userId: string, clientMessageId: string): Promise<void>;
}
