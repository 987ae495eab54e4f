import { randomUUID } from 'node:crypto';
import type { FileRecord } from '../../src/files/file.record.js';
import type { FileStore } from '../../src/files/file.store.js';

const NOW = new Date('2026-03-10T12:00:00Z');
const HOUR = 3_600_000;

/**
 * What every FileStore must do, whatever holds it: the in-memory store the use-case specs run on
 * and the DynamoDB repository must answer these alike, or those specs prove nothing.
 */
export function fileStoreContract(name: string, store: () => FileStore): void {
  describe(`FileStore contract: ${name}`, () => {
    // A fresh user per case: the DynamoDB table is shared by the cases.
    let files: FileStore;
    let user: string;
    const record = (changes: Partial<FileRecord> = {}): FileRecord => {
      const fileId = changes.fileId ?? randomUUID();
      return {
        userId: user,
        fileId,
        key: `users/${user}/${fileId}/notes.txt`,
        filename: 'notes.txt',
        contentType: 'text/plain',
        size: 10,
        status: 'pending',
        createdAt: NOW.toISOString(),
        expiresAt: NOW.getTime() + HOUR,
        ...changes,
      };
    };
    beforeEach(() => {
      files = store();
      user = `files-${randomUUID()}`;
    });

    it('creates a record once and shows it to its owner only', async () => {
      const a = record();
      expect(await files.create(a)).toBe(true);
      expect(await files.create({ ...a, filename: 'other.txt' })).toBe(false);
      expect(await files.get(user, a.fileId)).toEqual(a);
      expect(await files.get(`${user}-other`, a.fileId)).toBeUndefined();
      expect(await files.list(`${user}-other`)).toEqual([]);
    });

    it("lists the user's records", async () => {
      const [a, b] = [record(), record()];
      await files.create(a);
      await files.create(b);
      expect((await files.list(user)).map((r) => r.fileId).sort()).toEqual([a.fileId, b.fileId].sort());
    });

    it('confirms a pending upload before it expires, once, and waits to be indexed', async () => {
      const a = record();
      await files.create(a);
      const uploaded = await files.markUploaded(user, a.fileId, NOW);
      expect(uploaded).toEqual(expect.objectContaining({ status: 'uploaded', uploadedAt: NOW.toISOString(), indexStatus: 'pending' }));
      expect(await files.markUploaded(user, a.fileId, NOW)).toBeUndefined();
      expect(await files.markUploaded(`${user}-other`, a.fileId, NOW)).toBeUndefined();

      const late = record({ expiresAt: NOW.getTime() - 1 });
      await files.create(late);
      expect(await files.markUploaded(user, late.fileId, NOW)).toBeUndefined();
    });

    it('extends a pending upload only', async () => {
      const a = record();
      await files.create(a);
      expect(await files.extend(user, a.fileId, NOW.getTime() + 2 * HOUR)).toBe(true);
      expect((await files.get(user, a.fileId))?.expiresAt).toBe(NOW.getTime() + 2 * HOUR);
      await files.markUploaded(user, a.fileId, NOW);
      expect(await files.extend(user, a.fileId, NOW.getTime() + 3 * HOUR)).toBe(false);
      expect(await files.extend(user, 'missing', NOW.getTime())).toBe(false);
    });

    it('marks the announcement of an uploaded file only', async () => {
      const a = record();
      await files.create(a);
      await files.markEventPublished(user, a.fileId);
      expect((await files.get(user, a.fileId))?.eventPublished).toBeUndefined();
      await files.markUploaded(user, a.fileId, NOW);
      await files.markEventPublished(user, a.fileId);
      expect((await files.get(user, a.fileId))?.eventPublished).toBe(true);
    });

    it('records the newest reading of an uploaded file, with its details, and ignores older ones', async () => {
      const a = record();
      await files.create(a);
      expect(await files.recordIndexStatus(user, a.fileId, { status: 'indexed', attempt: '2026-03-10T12:00:01.000Z', chunks: 3 })).toBe(
        false,
      );
      await files.markUploaded(user, a.fileId, NOW);
      expect(
        await files.recordIndexStatus(user, a.fileId, { status: 'failed', attempt: '2026-03-10T12:00:01.000Z', error: 'unreadable' }),
      ).toBe(true);
      expect(await files.get(user, a.fileId)).toEqual(
        expect.objectContaining({ indexStatus: 'failed', indexAttempt: '2026-03-10T12:00:01.000Z', indexError: 'unreadable' }),
      );
      expect(await files.recordIndexStatus(user, a.fileId, { status: 'indexed', attempt: '2026-03-10T12:00:02.000Z', chunks: 3 })).toBe(
        true,
      );
      const indexed = await files.get(user, a.fileId);
      expect(indexed).toEqual(expect.objectContaining({ indexStatus: 'indexed', indexedChunks: 3 }));
      expect(indexed?.indexError).toBeUndefined();
      expect(await files.recordIndexStatus(user, a.fileId, { status: 'failed', attempt: '2026-03-10T12:00:00.500Z', error: 'late' })).toBe(
        false,
      );
      expect((await files.get(user, a.fileId))?.indexStatus).toBe('indexed');
    });

    it('expires a pending upload past its time only', async () => {
      const a = record({ expiresAt: NOW.getTime() - 1 });
      const b = record();
      await files.create(a);
      await files.create(b);
      expect(await files.expire(user, b.fileId, NOW)).toBeUndefined();
      expect(await files.expire(user, a.fileId, NOW)).toEqual(expect.objectContaining({ status: 'expired' }));
      expect(await files.expire(user, a.fileId, NOW)).toBeUndefined();
    });

    it('begins a deletion from the state it names, and removes only a record in the state given', async () => {
      const a = record();
      await files.create(a);
      expect(await files.beginDelete(user, a.fileId, 'uploaded', NOW)).toBeUndefined();
      expect(await files.beginDelete(user, a.fileId, 'pending', NOW)).toEqual(
        expect.objectContaining({ status: 'deleting', deletingFrom: 'pending', deletingAt: NOW.toISOString() }),
      );
      await files.remove(user, a.fileId, 'expired');
      expect(await files.get(user, a.fileId)).toBeDefined();
      await files.remove(`${user}-other`, a.fileId, 'deleting');
      expect(await files.get(user, a.fileId)).toBeDefined();
      await files.remove(user, a.fileId, 'deleting');
      expect(await files.get(user, a.fileId)).toBeUndefined();
      await files.remove(user, a.fileId, 'deleting');
    });
  });
}
