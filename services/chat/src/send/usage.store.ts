export interface UsageStore {
  /** Counts one message for the day unless `limit` were passed; false when the limit is reached. */
  consume(userId: string, day: string, limit: number): Promise<boolean>;
  /** Gives one back (a message that was counted but not accepted after all). */
  refund(userId: string, day: string): Promise<void>;
}
