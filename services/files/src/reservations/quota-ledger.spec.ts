import type { PresignedPut } from '@tasksensei/contracts';
import { createLogger, Metrics } from '@tasksensei/platform';
import { FileRemoval } from '../files/file-removal.js';
import type { FileRecord } from '../files/file.record.js';
import type { FileEvents } from '../events/file-events.js';
import type { FileStore, IndexOutcome } from '../files/file.store.js';
import type { QuotaRecord, QuotaStore, Reservation, ReserveOutcome } from '../quota/quota.store.js';
import type { Clock } from '@tasksensei/platform';
import { filesMetrics } from '../shared/files-metrics.js';
import type { CompletedPart, ListedObject, MultipartOutcome, ObjectVersion, ObjectStore, StoredObject } from '../storage/object.store.js';
import { ReleaseExpiredReservations } from './release-expired.usecase.js';

/**
 * The quota's consistency across crashes: every step of a removal or an expiry may run again
 * (a retry after a crash), and the bytes must come back exactly once. The stores below keep the
 * conditions of the DynamoDB repositories (each method is one conditional write there).
 */

class MemoryQuotas implements QuotaStore {
  readonly items = new Map<string, { usedBytes: number; pending: Record<string, Reservation>; released: Record<string, string> }>();

  get(userId: string): Promise<QuotaRecord | undefined> {
    const item = this.items.get(userId);
    return Promise.resolve(item && { userId, usedBytes: item.usedBytes, pending: { ...item.pending }, released: { ...item.released } });
  }
  reserve(userId: string, fileId: string, reservation: Reservation, limits: { quotaBytes: number; maxPending: number }): Promise<ReserveOutcome> {
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

class MemoryFiles implements FileStore {
  readonly records = new Map<string, FileRecord>();
  /** Makes the next `remove` fail, as a crash between two steps would. */
  crashOnRemove = false;

  get(_userId: string, fileId: string) {
    return Promise.resolve(this.records.get(fileId));
  }
  list(userId: string) {
    return Promise.resolve([...this.records.values()].filter((r) => r.userId === userId));
  }
  create(record: FileRecord) {
    if (this.records.has(record.fileId)) return Promise.resolve(false);
    this.records.set(record.fileId, record);
    return Promise.resolve(true);
  }
  extend(_userId: string, fileId: string, expiresAt: number) {
    return Promise.resolve(this.update(fileId, (r) => r.status === 'pending', { expiresAt }) !== undefined);
  }
  markUploaded(_userId: string, fileId: string, now: Date) {
    return Promise.resolve(this.update(fileId, (r) => r.status === 'pending' && r.expiresAt >= now.getTime(), { status: 'uploaded', uploadedAt: now.toISOString() }));
  }
  markEventPublished(_userId: string, fileId: string) {
    this.update(fileId, (r) => r.status === 'uploaded', { eventPublished: true });
    return Promise.resolve();
  }
  recordIndexStatus(_userId: string, fileId: string, outcome: IndexOutcome) {
    const applied = this.update(fileId, (r) => r.status === 'uploaded' && (!r.indexAttempt || r.indexAttempt <= outcome.attempt), { indexStatus: outcome.status, indexAttempt: outcome.attempt });
    return Promise.resolve(applied !== undefined);
  }
  expire(_userId: string, fileId: string, now: Date) {
    return Promise.resolve(this.update(fileId, (r) => r.status === 'pending' && r.expiresAt < now.getTime(), { status: 'expired' }));
  }
  beginDelete(_userId: string, fileId: string, from: 'pending' | 'uploaded', now: Date) {
    return Promise.resolve(this.update(fileId, (r) => r.status === from, { status: 'deleting', deletingFrom: from, deletingAt: now.toISOString() }));
  }
  remove(_userId: string, fileId: string, status: 'expired' | 'deleting') {
    if (this.crashOnRemove) {
      this.crashOnRemove = false;
      return Promise.reject(new Error('crash'));
    }
    if (this.records.get(fileId)?.status === status) this.records.delete(fileId);
    return Promise.resolve();
  }
  private update(fileId: string, condition: (r: FileRecord) => boolean, changes: Partial<FileRecord>) {
    const record = this.records.get(fileId);
    if (!record || !condition(record)) return undefined;
    const next = { ...record, ...changes };
    this.records.set(fileId, next);
    return next;
  }
}

class MemoryObjects implements ObjectStore {
  readonly deleted: string[] = [];
  readonly aborted: string[] = [];
  presignPut(): Promise<PresignedPut> {
    throw new Error('not used');
  }
  createMultipartUpload(): Promise<string> {
    throw new Error('not used');
  }
  presignPart(): Promise<PresignedPut> {
    throw new Error('not used');
  }
  completeMultipartUpload(_key: string, _uploadId: string, _parts: readonly CompletedPart[]): Promise<MultipartOutcome> {
    throw new Error('not used');
  }
  abortMultipartUpload(_key: string, uploadId: string) {
    this.aborted.push(uploadId);
    return Promise.resolve();
  }
  head(): Promise<StoredObject | undefined> {
    return Promise.resolve(undefined);
  }
  presignGet(): Promise<{ url: string; expiresAt: string }> {
    throw new Error('not used');
  }
  presignInternalGet(): Promise<{ url: string; expiresAt: string }> {
    throw new Error('not used');
  }
  delete(key: string) {
    this.deleted.push(key);
    return Promise.resolve();
  }
  put(): Promise<void> {
    throw new Error('not used');
  }
  listKeys(): Promise<string[]> {
    throw new Error('not used');
  }

  listObjects(): Promise<ListedObject[]> {
    throw new Error('not used');
  }
  versioned() {
    return Promise.resolve(false);
  }
  listVersions(): Promise<ObjectVersion[]> {
    return Promise.resolve([]);
  }
  deleteVersion(): Promise<void> {
    throw new Error('not used');
  }
}

const USER = 'user-1';
const NOW = new Date('2026-01-01T12:00:00Z');
const HOUR = 3_600_000;

function setUp() {
  const files = new MemoryFiles();
  const quotas = new MemoryQuotas();
  const objects = new MemoryObjects();
  const clock: Clock = { now: () => NOW };
  const logger = createLogger('files-spec', 'silent');
  const deletedEvents: string[] = [];
  const events: FileEvents = { uploaded: () => Promise.resolve(), deleted: (r) => Promise.resolve(void deletedEvents.push(r.fileId)) };
  const removal = new FileRemoval(files, quotas, objects, clock, filesMetrics(new Metrics('files-spec')), logger, events);
  const sweep = new ReleaseExpiredReservations(files, quotas, removal, clock, logger);
  const file = (fileId: string, size: number, changes: Partial<FileRecord> = {}): FileRecord => ({
    userId: USER,
    fileId,
    key: `users/${USER}/${fileId}/f.bin`,
    filename: 'f.bin',
    contentType: 'application/zip',
    size,
    status: 'pending',
    createdAt: NOW.toISOString(),
    expiresAt: NOW.getTime() + HOUR,
    ...changes,
  });
  /** A reservation as /generate makes it: quota first, then the record. */
  const reserved = async (fileId: string, size: number, changes: Partial<FileRecord> = {}) => {
    const record = file(fileId, size, changes);
    await quotas.reserve(USER, fileId, { size, expiresAt: record.expiresAt }, { quotaBytes: 1_000, maxPending: 10 });
    await files.create(record);
    return record;
  };
  return { files, quotas, objects, removal, sweep, reserved, deletedEvents, used: () => quotas.item(USER).usedBytes };
}

describe('the quota ledger across retries and crashes', () => {
  it('deleting an uploaded file gives its bytes back once, even when the removal runs again after a crash', async () => {
    const { files, quotas, removal, reserved, used, deletedEvents } = setUp();
    await reserved('a', 100);
    await files.markUploaded(USER, 'a', NOW);
    await quotas.commit(USER, 'a');
    expect(used()).toBe(100);

    const deleting = (await files.beginDelete(USER, 'a', 'uploaded', NOW))!;
    files.crashOnRemove = true;
    await expect(removal.finish(deleting)).rejects.toThrow('crash');
    expect(used()).toBe(0);
    await removal.finish(deleting);
    await removal.finish(deleting);
    expect(used()).toBe(0);
    expect(files.records.has('a')).toBe(false);
    expect(Object.keys(quotas.item(USER).released)).toEqual(['a']);
    // file.deleted went out before the record went (each run publishes the same event id, which the stream dedupes).
    expect(deletedEvents[0]).toBe('a');
  });

  it('deleting a file whose confirmation never reached the quota still gives the bytes back once', async () => {
    const { files, quotas, removal, reserved, used } = setUp();
    await reserved('a', 100);
    await files.markUploaded(USER, 'a', NOW); // the crash: no quotas.commit
    const deleting = (await files.beginDelete(USER, 'a', 'uploaded', NOW))!;
    await removal.finish(deleting);
    await removal.finish(deleting);
    expect(used()).toBe(0);
    expect(quotas.item(USER).pending).toEqual({});
  });

  it('aborting an upload in progress releases its reservation once and aborts its parts', async () => {
    const { files, objects, removal, reserved, used } = setUp();
    await reserved('a', 300, { uploadId: 'up-1', partSize: 100, partCount: 3 });
    const deleting = (await files.beginDelete(USER, 'a', 'pending', NOW))!;
    await removal.finish(deleting);
    await removal.finish(deleting);
    expect(used()).toBe(0);
    expect(objects.aborted).toContain('up-1');
  });

  it('the sweep settles every kind of lapsed reservation by what its record says', async () => {
    const { files, quotas, objects, sweep, reserved, used } = setUp();
    const past = NOW.getTime() - 1;
    // An expired upload never confirmed: released, its bytes and parts deleted.
    await reserved('expired', 10, { expiresAt: past, uploadId: 'up-x' });
    // A reservation whose record was never written (the request died in between): released.
    await quotas.reserve(USER, 'orphan', { size: 20, expiresAt: past }, { quotaBytes: 1_000, maxPending: 10 });
    // Confirmed, but the confirmation never reached the quota item: kept as a charge.
    await reserved('confirmed', 40, { expiresAt: past });
    files.records.set('confirmed', { ...files.records.get('confirmed')!, status: 'uploaded' });
    // Extended by a part-URL request whose quota update was lost: kept, with the record's expiry.
    await reserved('extended', 80, { expiresAt: past });
    await files.extend(USER, 'extended', NOW.getTime() + HOUR);
    expect(used()).toBe(150);

    expect(await sweep.execute(USER)).toBe(4);
    expect(used()).toBe(120);
    expect(quotas.item(USER).pending).toEqual({ extended: { size: 80, expiresAt: NOW.getTime() + HOUR } });
    expect([...files.records.keys()].sort()).toEqual(['confirmed', 'extended']);
    expect(objects.deleted).toContain(`users/${USER}/expired/f.bin`);
    expect(objects.aborted).toEqual(['up-x']);

    // Nothing lapsed any more: a second sweep changes nothing.
    expect(await sweep.execute(USER)).toBe(0);
    expect(used()).toBe(120);
  });

  it('two removals of the same file running at once give its bytes back once', async () => {
    const { files, removal, reserved, used } = setUp();
    await reserved('a', 100);
    await files.markUploaded(USER, 'a', NOW);
    const deleting = (await files.beginDelete(USER, 'a', 'uploaded', NOW))!;
    await Promise.all([removal.finish(deleting), removal.finish(deleting), removal.finish(deleting)]);
    expect(used()).toBe(0);
  });

  it('the sweep forgets release records once they are a day old', async () => {
    const { quotas, sweep } = setUp();
    quotas.item(USER).released = { old: new Date(NOW.getTime() - 25 * HOUR).toISOString(), recent: new Date(NOW.getTime() - HOUR).toISOString() };
    await sweep.execute(USER);
    expect(Object.keys(quotas.item(USER).released)).toEqual(['recent']);
  });

  it('a confirmation and the expiry racing for the same upload: exactly one wins', async () => {
    const { files, sweep, reserved, used } = setUp();
    await reserved('late', 50, { expiresAt: NOW.getTime() - 1 });
    expect(await files.markUploaded(USER, 'late', NOW)).toBeUndefined();
    await sweep.execute(USER);
    expect(used()).toBe(0);
    expect(files.records.has('late')).toBe(false);
  });
});
