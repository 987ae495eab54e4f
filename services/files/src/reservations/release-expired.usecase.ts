import type { Clock, Logger } from '@tasksensei/platform';
import type { FileRemoval } from '../files/file-removal.js';
import type { FileStore } from '../files/file.store.js';
import type { QuotaStore } from '../quota/quota.store.js';

/** Enough to catch up after a long absence without making one request slow. */
const BATCH = 25;
/** Longer than any removal runs: past it, a release record can no longer stop a double release. */
const RELEASE_RECORD_MS = 24 * 3_600_000;

/**
 * Gives back the quota of uploads that were never confirmed, with their stored bytes. It runs
 * for the user when a reservation is refused and on every listing (one consistent read when
 * nothing has lapsed): a lapsed reservation only matters when it stands in the way, and until
 * then its bytes stay charged, so nothing is ever stored unpaid.
 */
export class ReleaseExpiredReservations {
  constructor(
    private readonly files: FileStore,
    private readonly quotas: QuotaStore,
    private readonly removal: FileRemoval,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** How many lapsed reservations were settled. */
  async execute(userId: string): Promise<number> {
    const quota = await this.quotas.get(userId);
    if (!quota) return 0;
    const now = this.clock.now();
    const lapsed = Object.entries(quota.pending)
      .filter(([, reservation]) => reservation.expiresAt < now.getTime())
      .slice(0, BATCH);
    const stale = Object.entries(quota.released ?? {})
      .filter(([, at]) => now.getTime() - Date.parse(at) > RELEASE_RECORD_MS)
      .slice(0, BATCH)
      .map(([fileId]) => fileId);
    await this.quotas.pruneReleased(userId, stale);
    let settled = 0;
    for (const [fileId, reservation] of lapsed) {
      try {
        await this.settle(userId, fileId, reservation.size, now);
        settled += 1;
      } catch (error) {
        this.logger.warn({ err: error, userId, fileId }, 'could not release an expired reservation; the next request retries');
      }
    }
    return settled;
  }

  private async settle(userId: string, fileId: string, size: number, now: Date, attempt = 0): Promise<void> {
    const record = await this.files.get(userId, fileId);
    // A reservation whose record was never written (the request died between the two).
    if (!record) {
      await this.quotas.releaseReservation(userId, fileId, size);
      return;
    }
    switch (record.status) {
      case 'pending': {
        if (record.expiresAt >= now.getTime()) {
          // Extended by a part-URL request whose quota update did not land: align the quota.
          await this.quotas.extend(userId, fileId, record.expiresAt);
          return;
        }
        const expired = await this.files.expire(userId, fileId, now);
        if (expired) await this.removal.finish(expired);
        // Confirmed or extended since it was read: settle what it is now.
        else if (attempt === 0) await this.settle(userId, fileId, size, now, 1);
        return;
      }
      case 'uploaded':
        // Confirmed, but the confirmation never reached the quota item.
        await this.quotas.commit(userId, fileId);
        return;
      case 'expired':
      case 'deleting':
        await this.removal.finish(record);
        return;
    }
  }
}
