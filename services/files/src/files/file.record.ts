import type { FileView, IndexStatus } from '@tasksensei/contracts';

/**
 * A file as stored. `pending` holds quota until confirmed or expired; `expired` and `deleting`
 * are the short-lived states of a removal in progress (never shown), finished by whoever sees
 * them next, so a crash halfway never leaves bytes charged or stored for nothing.
 */
export type FileState = 'pending' | 'uploaded' | 'expired' | 'deleting';

export interface FileRecord {
  readonly userId: string;
  readonly fileId: string;
  readonly key: string;
  readonly filename: string;
  readonly contentType: string;
  readonly size: number;
  readonly status: FileState;
  readonly createdAt: string;
  /** Epoch ms when an unconfirmed upload's reservation lapses. */
  readonly expiresAt: number;
  readonly uploadedAt?: string;
  /**
   * The stored object `complete` confirmed: its ETag, and its version in a versioned bucket.
   * Any other version of the key is bytes no quota pays for (a re-PUT to a still-valid URL);
   * the orphan sweep deletes them.
   */
  readonly objectETag?: string;
  readonly objectVersionId?: string;
  readonly uploadId?: string;
  readonly partSize?: number;
  readonly partCount?: number;
  /** `file.uploaded` was acknowledged by the stream. */
  readonly eventPublished?: boolean;
  /** For `deleting`: what the file was, which decides how its bytes go back to the quota. */
  readonly deletingFrom?: 'pending' | 'uploaded';
  readonly deletingAt?: string;
  /** Whether the assistant has read the file: `pending` from the upload, then what chat's `file.indexed` says. */
  readonly indexStatus?: IndexStatus;
  readonly indexError?: string;
  readonly indexedChunks?: number;
  /** The `attempt` of the reading that set the status: an older reading never overwrites a newer one. */
  readonly indexAttempt?: string;
}

export type VisibleRecord = FileRecord & { status: 'pending' | 'uploaded' };

/** What the owner may see: confirmed files, and pending ones whose reservation still holds. */
export const isVisible = (record: FileRecord | undefined, now: Date): record is VisibleRecord =>
  !!record && (record.status === 'uploaded' || (record.status === 'pending' && record.expiresAt >= now.getTime()));

export function toFileView(record: VisibleRecord): FileView {
  return {
    fileId: record.fileId,
    filename: record.filename,
    contentType: record.contentType,
    size: record.size,
    status: record.status,
    createdAt: record.createdAt,
    ...(record.uploadedAt ? { uploadedAt: record.uploadedAt } : {}),
    ...(record.status === 'uploaded' && record.indexStatus ? { indexStatus: record.indexStatus } : {}),
    ...(record.status === 'uploaded' && record.indexError ? { indexError: record.indexError } : {}),
    ...(record.status === 'uploaded' && record.indexedChunks !== undefined ? { indexedChunks: record.indexedChunks } : {}),
  };
}
