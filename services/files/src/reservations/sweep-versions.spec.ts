import { type Clock, createLogger } from '@tasksensei/platform';
import type { FileRecord } from '../files/file.record.js';
import type { FileStore } from '../files/file.store.js';
import type { ListedObject, ObjectStore, ObjectVersion } from '../storage/object.store.js';
import { SweepOrphanObjects } from './sweep-orphans.usecase.js';

/** A versioned bucket as S3 keeps one: a PUT adds a version, a plain DELETE adds a marker. */
class VersionedBucket {
  private next = 1;
  readonly keys = new Map<string, (ObjectVersion & { readonly body: string })[]>();
  put(key: string, body: string, at: Date): string {
    const versionId = `v${this.next++}`;
    this.keys.set(key, [...(this.keys.get(key) ?? []), { versionId, size: body.length, lastModified: at, deleteMarker: false, body }]);
    return versionId;
  }
  current(key: string) {
    const latest = this.keys.get(key)?.at(-1);
    return latest && !latest.deleteMarker ? latest : undefined;
  }
  store(): Pick<ObjectStore, 'listObjects' | 'delete' | 'versioned' | 'listVersions' | 'deleteVersion'> {
    return {
      listObjects: async (prefix) =>
        [...this.keys.keys()].flatMap((key): ListedObject[] => {
          const current = this.current(key);
          return key.startsWith(prefix) && current ? [{ key, size: current.size, lastModified: current.lastModified }] : [];
        }),
      delete: async (key) => {
        this.keys.set(key, [
          ...(this.keys.get(key) ?? []),
          { versionId: `m${this.next++}`, size: 0, lastModified: new Date(0), deleteMarker: true, body: '' },
        ]);
      },
      versioned: async () => true,
      listVersions: async (key) => (this.keys.get(key) ?? []).map(({ body: _body, ...version }) => version),
      deleteVersion: async (key, versionId) => {
        this.keys.set(
          key,
          (this.keys.get(key) ?? []).filter((v) => v.versionId !== versionId),
        );
      },
    };
  }
}

const NOW = new Date('2026-01-01T12:00:00Z');
const LONG_AGO = new Date(NOW.getTime() - 24 * 3_600_000);
const USER = 'user-1';

function setUp(records: FileRecord[]) {
  const bucket = new VersionedBucket();
  const files = { get: async (_userId: string, fileId: string) => records.find((r) => r.fileId === fileId) } as unknown as FileStore;
  const clock: Clock = { now: () => NOW };
  const sweep = new SweepOrphanObjects(files, bucket.store() as ObjectStore, clock, 900, createLogger('files-spec', 'silent'));
  return { bucket, sweep };
}

const record = (fileId: string, changes: Partial<FileRecord>): FileRecord => ({
  userId: USER,
  fileId,
  key: `users/${USER}/${fileId}/f.pdf`,
  filename: 'f.pdf',
  contentType: 'application/pdf',
  size: 4,
  status: 'uploaded',
  createdAt: LONG_AGO.toISOString(),
  expiresAt: LONG_AGO.getTime(),
  ...changes,
});

describe('the orphan sweep in a versioned bucket', () => {
  it('deletes a re-PUT after complete (and a PUT before it) and leaves the confirmed version current', async () => {
    const key = `users/${USER}/a/f.pdf`;
    const records: FileRecord[] = [];
    const { bucket, sweep } = setUp(records);
    bucket.put(key, 'v1!!', LONG_AGO); // a first PUT, replaced before complete
    const confirmed = bucket.put(key, '%PDF', LONG_AGO); // what complete confirmed
    records.push(record('a', { objectVersionId: confirmed }));
    bucket.put(key, 'evil', NOW); // the re-PUT to the still-valid URL after complete

    expect(await sweep.execute()).toBe(2);
    expect(bucket.keys.get(key)?.map((v) => v.versionId)).toEqual([confirmed]);
    expect(bucket.current(key)?.body).toBe('%PDF');
    // Nothing more to do on the next run.
    expect(await sweep.execute()).toBe(0);
  });

  it('deletes every version of an orphan, not only its current one', async () => {
    const key = `users/${USER}/gone/f.pdf`;
    const { bucket, sweep } = setUp([]);
    bucket.put(key, 'one!', LONG_AGO);
    bucket.put(key, 'two!', LONG_AGO);
    expect(await sweep.execute()).toBe(2);
    expect(bucket.keys.get(key)).toEqual([]);
  });

  it('leaves a pending upload alone, and an uploaded file recorded before versions were kept', async () => {
    const { bucket, sweep } = setUp([record('p', { status: 'pending', expiresAt: NOW.getTime() + 3_600_000 }), record('old', {})]);
    bucket.put(`users/${USER}/p/f.pdf`, 'one!', LONG_AGO);
    bucket.put(`users/${USER}/p/f.pdf`, 'two!', NOW);
    bucket.put(`users/${USER}/old/f.pdf`, 'one!', LONG_AGO);
    bucket.put(`users/${USER}/old/f.pdf`, 'two!', NOW);
    expect(await sweep.execute()).toBe(0);
    expect(bucket.keys.get(`users/${USER}/p/f.pdf`)).toHaveLength(2);
  });
});
