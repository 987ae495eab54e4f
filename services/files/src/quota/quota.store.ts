export interface Reservation {
  readonly size: number;
  /** Epoch ms. */
  readonly expiresAt: number;
}

export interface QuotaRecord {
  readonly userId: string;
  /** Bytes charged: confirmed files and live reservations. */
  readonly usedBytes: number;
  /** Unconfirmed uploads by file id. */
  readonly pending: Readonly<Record<string, Reservation>>;
  /** Deleted files whose bytes were given back, with when: what makes a repeated release a no-op. */
  readonly released: Readonly<Record<string, string>>;
}

export type ReserveOutcome = 'reserved' | 'over-quota' | 'too-many-pending';

/**
 * A user's storage account: one item, changed only by conditional updates, so the check and the
 * charge are one atomic step (twenty concurrent reservations cannot overshoot), and every
 * release is keyed by file id (so none is applied twice, whoever retries it).
 */
export interface QuotaStore {
  get(userId: string): Promise<QuotaRecord | undefined>;
  /** Charges `size` for `fileId` if it fits under `quotaBytes` and the user holds fewer than `maxPending` reservations. */
  reserve(
    userId: string,
    fileId: string,
    reservation: Reservation,
    limits: { quotaBytes: number; maxPending: number },
  ): Promise<ReserveOutcome>;
  extend(userId: string, fileId: string, expiresAt: number): Promise<void>;
  /** The upload is confirmed: its reservation becomes a permanent charge. */
  commit(userId: string, fileId: string): Promise<void>;
  /**
   * Gives back an unconfirmed (or not yet committed) reservation; false when there is none.
   * `releasedAt` also records the release, for a confirmed file being deleted.
   */
  releaseReservation(userId: string, fileId: string, size: number, releasedAt?: Date): Promise<boolean>;
  /** Gives back a confirmed file's bytes, once: false when they were given back already. */
  releaseUpload(userId: string, fileId: string, size: number, now: Date): Promise<boolean>;
  /** Drops release records old enough that no removal of their file can still be running. */
  pruneReleased(userId: string, fileIds: readonly string[]): Promise<void>;
}
