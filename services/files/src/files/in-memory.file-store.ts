import type { FileRecord } from './file.record.js';
import type { FileStore, IndexOutcome } from './file.store.js';

/**
 * File records in memory, with the conditions of DynamoFileRepository (each state change is one
 * conditional write there); file.contract.spec.ts runs the same cases against both. Records are
 * keyed by file id (ids are random UUIDs) and only ever visible to their owner.
 */
export class InMemoryFileStore implements FileStore {
  readonly records = new Map<string, FileRecord>();
  /** Makes the next `remove` fail, as a crash between two steps would. */
  crashOnRemove = false;

  get(userId: string, fileId: string) {
    return Promise.resolve(this.owned(userId, fileId));
  }
  list(userId: string) {
    return Promise.resolve([...this.records.values()].filter((r) => r.userId === userId));
  }
  create(record: FileRecord) {
    if (this.records.has(record.fileId)) return Promise.resolve(false);
    this.records.set(record.fileId, record);
    return Promise.resolve(true);
  }
  extend(userId: string, fileId: string, expiresAt: number) {
    return Promise.resolve(this.update(userId, fileId, (r) => r.status === 'pending', { expiresAt }) !== undefined);
  }
  markUploaded(userId: string, fileId: string, now: Date) {
    return Promise.resolve(
      this.update(userId, fileId, (r) => r.status === 'pending' && r.expiresAt >= now.getTime(), {
        status: 'uploaded',
        uploadedAt: now.toISOString(),
        indexStatus: 'pending',
      }),
    );
  }
  markEventPublished(userId: string, fileId: string) {
    this.update(userId, fileId, (r) => r.status === 'uploaded', { eventPublished: true });
    return Promise.resolve();
  }
  recordIndexStatus(userId: string, fileId: string, outcome: IndexOutcome) {
    const applied = this.update(userId, fileId, (r) => r.status === 'uploaded' && (!r.indexAttempt || r.indexAttempt <= outcome.attempt), {
      indexStatus: outcome.status,
      indexAttempt: outcome.attempt,
      indexError: outcome.error,
      indexedChunks: outcome.chunks,
    });
    if (applied) this.records.set(fileId, withoutUndefined(applied));
    return Promise.resolve(applied !== undefined);
  }
  expire(userId: string, fileId: string, now: Date) {
    return Promise.resolve(
      this.update(userId, fileId, (r) => r.status === 'pending' && r.expiresAt < now.getTime(), { status: 'expired' }),
    );
  }
  beginDelete(userId: string, fileId: string, from: 'pending' | 'uploaded', now: Date) {
    return Promise.resolve(
      this.update(userId, fileId, (r) => r.status === from, { status: 'deleting', deletingFrom: from, deletingAt: now.toISOString() }),
    );
  }
  remove(userId: string, fileId: string, status: 'expired' | 'deleting') {
    if (this.crashOnRemove) {
      this.crashOnRemove = false;
      return Promise.reject(new Error('crash'));
    }
    if (this.owned(userId, fileId)?.status === status) this.records.delete(fileId);
    return Promise.resolve();
  }
  private owned(userId: string, fileId: string): FileRecord | undefined {
    const record = this.records.get(fileId);
    return record?.userId === userId ? record : undefined;
  }
  private update(userId: string, fileId: string, condition: (r: FileRecord) => boolean, changes: Partial<FileRecord>) {
    const record = this.owned(userId, fileId);
    if (!record || !condition(record)) return undefined;
    const next = { ...record, ...changes };
    this.records.set(fileId, next);
    return next;
  }
}

/** As DynamoDB stores it: an attribute set to nothing is no attribute. */
function withoutUndefined(record: FileRecord): FileRecord {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as FileRecord;
}
