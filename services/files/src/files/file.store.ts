import type { IndexStatus } from '@tasksensei/contracts';
import type { FileRecord } from './file.record.js';

export interface IndexOutcome {
  readonly status: IndexStatus;
  readonly attempt: string;
  readonly error?: string;
  readonly chunks?: number;
}

/**
 * Where file records live. Every state change is one conditional write on the current state,
 * so of two racing changes (complete and expiry, delete and complete) exactly one wins.
 */
export interface FileStore {
  get(userId: string, fileId: string): Promise<FileRecord | undefined>;
  list(userId: string): Promise<FileRecord[]>;
  /** Refuses to overwrite: false when the id exists. */
  create(record: FileRecord): Promise<boolean>;
  /** Moves a pending upload's expiry; false when it is no longer pending. */
  extend(userId: string, fileId: string, expiresAt: number): Promise<boolean>;
  /** pending (and not expired at `now`) -> uploaded; undefined when that no longer holds. */
  /** `stored`: the confirmed object's ETag and version (when the bucket has versions). */
  markUploaded(
    userId: string,
    fileId: string,
    now: Date,
    stored?: { readonly etag?: string; readonly versionId?: string },
  ): Promise<FileRecord | undefined>;
  markEventPublished(userId: string, fileId: string): Promise<void>;
  /** Records a reading's outcome on an uploaded file unless a newer reading already did; false when it did not apply. */
  recordIndexStatus(userId: string, fileId: string, outcome: IndexOutcome): Promise<boolean>;
  /** pending and expired at `now` -> expired. */
  expire(userId: string, fileId: string, now: Date): Promise<FileRecord | undefined>;
  /** pending or uploaded -> deleting. */
  beginDelete(userId: string, fileId: string, from: 'pending' | 'uploaded', now: Date): Promise<FileRecord | undefined>;
  /** Removes a record in the given state (a no-op when it moved on or is gone). */
  remove(userId: string, fileId: string, status: 'expired' | 'deleting'): Promise<void>;
}
