import type { QuotaRecord, QuotaStore, Reservation, ReserveOutcome } from './quota.store.js';

/**
 * The quota item in memory, with the conditions of DynamoQuotaRepository (each method is one
 * conditional update there); quota.contract.spec.ts runs the same cases against both.
 */
export class InMemoryQuotaStore implements QuotaStore {
  readonly items = new Map<string, { usedBytes: number; pending: Record<string, Reservation>; released: Record<string, string> }>();

  get(userId: string): Promise<QuotaRecord | undefined> {
    const item = this.items.get(userId);
    return Promise.resolve(item && { userId, usedBytes: item.usedBytes, pending: { ...item.pending }, released: { ...item.released } });
  }
  reserve(
    userId: string,
    fileId: string,
    reservation: Reservation,
    limits: { quotaBytes: number; maxPending: number },
  ): Promise<ReserveOutcome> {
    const item = this.item(userId);
    if (item.usedBytes + reservation.size > limits.quotaBytes) return Promise.resolve('over-quota');
    if (Object.keys(item.pending).length >= limits.maxPending) return Promise.resolve('too-many-pending');
    item.pending[fileId] = reservation;
    item.usedBytes += reservation.size;
    return Promise.resolve('reserved');
  }
  extend(userId: string, fileId: string, expiresAt: number): Promise<void> {
    const entry = this.items.get(userId)?.pending[fileId];
    if (entry) this.item(userId).pending[fileId] = { ...entry, expiresAt };
    return Promise.resolve();
  }
  commit(userId: string, fileId: string): Promise<void> {
    delete this.items.get(userId)?.pending[fileId];
    return Promise.resolve();
  }
  releaseReservation(userId: string, fileId: string, size: number, releasedAt?: Date): Promise<boolean> {
    const item = this.items.get(userId);
    if (item?.pending[fileId]?.size !== size) return Promise.resolve(false);
    delete item.pending[fileId];
    if (releasedAt) item.released[fileId] = releasedAt.toISOString();
    item.usedBytes -= size;
    return Promise.resolve(true);
  }
  releaseUpload(userId: string, fileId: string, size: number, now: Date): Promise<boolean> {
    const item = this.items.get(userId);
    if (!item || item.released[fileId] || item.pending[fileId]) return Promise.resolve(false);
    item.released[fileId] = now.toISOString();
    item.usedBytes -= size;
    return Promise.resolve(true);
  }
  pruneReleased(userId: string, fileIds: readonly string[]): Promise<void> {
    for (const fileId of fileIds) delete this.items.get(userId)?.released[fileId];
    return Promise.resolve();
  }
  item(userId: string) {
    if (!this.items.has(userId)) this.items.set(userId, { usedBytes: 0, pending: {}, released: {} });
    return this.items.get(userId)!;
  }
}
