import { randomUUID } from 'node:crypto';
import type { QuotaStore } from '../../src/quota/quota.store.js';

const LIMITS = { quotaBytes: 1_000, maxPending: 3 };
const NOW = new Date('2026-03-10T12:00:00Z');
const LATER = NOW.getTime() + 3_600_000;

/**
 * What every QuotaStore must do, whatever holds it: the in-memory store the use-case specs run
 * on and the DynamoDB repository must answer these alike, or those specs prove nothing.
 */
export function quotaStoreContract(name: string, store: () => QuotaStore): void {
  describe(`QuotaStore contract: ${name}`, () => {
    // A fresh user per case: the DynamoDB table is shared by the cases.
    let quotas: QuotaStore;
    let user: string;
    beforeEach(() => {
      quotas = store();
      user = `quota-${randomUUID()}`;
    });

    it('knows no account before the first reservation', async () => {
      expect(await quotas.get(user)).toBeUndefined();
    });

    it('charges a reservation, and refuses one over the quota or past the pending limit', async () => {
      expect(await quotas.reserve(user, 'a', { size: 600, expiresAt: LATER }, LIMITS)).toBe('reserved');
      expect(await quotas.reserve(user, 'b', { size: 401, expiresAt: LATER }, LIMITS)).toBe('over-quota');
      expect(await quotas.reserve(user, 'b', { size: 400, expiresAt: LATER }, LIMITS)).toBe('reserved');
      expect(await quotas.reserve(user, 'c', { size: 0, expiresAt: LATER }, LIMITS)).toBe('reserved');
      expect(await quotas.reserve(user, 'd', { size: 0, expiresAt: LATER }, LIMITS)).toBe('too-many-pending');
      expect(await quotas.get(user)).toEqual({
        userId: user,
        usedBytes: 1_000,
        pending: { a: { size: 600, expiresAt: LATER }, b: { size: 400, expiresAt: LATER }, c: { size: 0, expiresAt: LATER } },
        released: {},
      });
    });

    it("keeps users' accounts apart", async () => {
      const other = `${user}-other`;
      await quotas.reserve(user, 'a', { size: 900, expiresAt: LATER }, LIMITS);
      expect(await quotas.reserve(other, 'a', { size: 900, expiresAt: LATER }, LIMITS)).toBe('reserved');
      expect((await quotas.get(other))?.usedBytes).toBe(900);
    });

    it('extends and commits a pending reservation; a commit keeps the charge', async () => {
      await quotas.reserve(user, 'a', { size: 100, expiresAt: LATER }, LIMITS);
      await quotas.extend(user, 'a', LATER + 1);
      await quotas.extend(user, 'missing', LATER + 1);
      expect((await quotas.get(user))?.pending).toEqual({ a: { size: 100, expiresAt: LATER + 1 } });
      await quotas.commit(user, 'a');
      await quotas.commit(user, 'a');
      expect(await quotas.get(user)).toEqual(expect.objectContaining({ usedBytes: 100, pending: {} }));
    });

    it('gives a reservation back once, and only for its own size', async () => {
      await quotas.reserve(user, 'a', { size: 100, expiresAt: LATER }, LIMITS);
      expect(await quotas.releaseReservation(user, 'a', 99)).toBe(false);
      expect(await quotas.releaseReservation(user, 'a', 100, NOW)).toBe(true);
      expect(await quotas.releaseReservation(user, 'a', 100, NOW)).toBe(false);
      expect(await quotas.get(user)).toEqual(expect.objectContaining({ usedBytes: 0, pending: {}, released: { a: NOW.toISOString() } }));
    });

    it("gives a confirmed file's bytes back once, never while it is still pending", async () => {
      await quotas.reserve(user, 'a', { size: 100, expiresAt: LATER }, LIMITS);
      expect(await quotas.releaseUpload(user, 'a', 100, NOW)).toBe(false);
      await quotas.commit(user, 'a');
      expect(await quotas.releaseUpload(user, 'a', 100, NOW)).toBe(true);
      expect(await quotas.releaseUpload(user, 'a', 100, NOW)).toBe(false);
      expect(await quotas.releaseUpload(`${user}-nobody`, 'a', 100, NOW)).toBe(false);
      expect(await quotas.get(user)).toEqual(expect.objectContaining({ usedBytes: 0, released: { a: NOW.toISOString() } }));
    });

    it('forgets the release records it is told to, and no others', async () => {
      for (const fileId of ['a', 'b']) {
        await quotas.reserve(user, fileId, { size: 10, expiresAt: LATER }, LIMITS);
        await quotas.commit(user, fileId);
        await quotas.releaseUpload(user, fileId, 10, NOW);
      }
      await quotas.pruneReleased(user, ['a', 'missing']);
      await quotas.pruneReleased(`${user}-nobody`, ['a']);
      expect((await quotas.get(user))?.released).toEqual({ b: NOW.toISOString() });
    });
  });
}
