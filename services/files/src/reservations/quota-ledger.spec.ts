import { type Clock, Metrics, createLogger } from '@tasksensei/platform';
import { FileRemoval } from '../files/file-removal.js';
import type { FileRecord } from '../files/file.record.js';
import type { FileEvents } from '../events/file-events.js';
import { InMemoryFileStore } from '../files/in-memory.file-store.js';
import { InMemoryQuotaStore } from '../quota/in-memory.quota-store.js';
import { filesMetrics } from '../shared/files-metrics.js';
import { InMemoryObjectStore } from '../storage/in-memory.object-store.js';
import { ReleaseExpiredReservations } from './release-expired.usecase.js';

/**
 * The quota's consistency across crashes: every step of a removal or an expiry may run again
 * (a retry after a crash), and the bytes must come back exactly once. The in-memory stores keep
 * the conditions of the DynamoDB repositories (each method is one conditional write there).
 */

const USER = 'user-1';
const NOW = new Date('2026-01-01T12:00:00Z');
const HOUR = 3_600_000;

function setUp() {
  const files = new InMemoryFileStore();
  const quotas = new InMemoryQuotaStore();
  const objects = new InMemoryObjectStore();
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
    quotas.item(USER).released = {
      old: new Date(NOW.getTime() - 25 * HOUR).toISOString(),
      recent: new Date(NOW.getTime() - HOUR).toISOString(),
    };
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
