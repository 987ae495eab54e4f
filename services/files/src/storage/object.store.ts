import type { PresignedPut } from '@tasksensei/contracts';

export interface StoredObject {
  readonly size: number;
  readonly contentType: string | undefined;
  readonly etag?: string;
  /** Only in a versioned bucket. */
  readonly versionId?: string;
}

export interface ObjectVersion {
  readonly versionId: string;
  readonly size: number;
  readonly lastModified: Date;
  /** A delete marker, not bytes. */
  readonly deleteMarker: boolean;
}

export interface ListedObject {
  readonly key: string;
  readonly size: number;
  readonly lastModified: Date;
}

export interface CompletedPart {
  readonly partNumber: number;
  readonly etag: string;
}

export type MultipartOutcome = 'completed' | 'invalid-parts' | 'no-such-upload';

/**
 * The object store, as the use cases need it. Bytes never pass through the service: it signs
 * URLs for the browser and only checks, assembles and deletes.
 */
export interface ObjectStore {
  presignPut(key: string, contentType: string, size: number, now: Date, expiresInSeconds: number): Promise<PresignedPut>;
  createMultipartUpload(key: string, contentType: string): Promise<string>;
  presignPart(key: string, uploadId: string, partNumber: number, size: number, now: Date, expiresInSeconds: number): Promise<PresignedPut>;
  completeMultipartUpload(key: string, uploadId: string, parts: readonly CompletedPart[]): Promise<MultipartOutcome>;
  /** Idempotent: an upload already gone is fine. */
  abortMultipartUpload(key: string, uploadId: string): Promise<void>;
  head(key: string): Promise<StoredObject | undefined>;
  presignGet(
    key: string,
    response: { contentType: string; contentDisposition: string },
    now: Date,
    expiresInSeconds: number,
  ): Promise<{ url: string; expiresAt: string }>;
  /** A presigned GET on the endpoint services reach (not the browsers' one), for a service reading the bytes. */
  presignInternalGet(key: string, now: Date, expiresInSeconds: number): Promise<{ url: string; expiresAt: string }>;
  /** Idempotent. */
  delete(key: string): Promise<void>;
  /** Stores bytes the service made itself (an account export), encrypted as uploads are. */
  put(key: string, body: Uint8Array, contentType: string): Promise<void>;
  /** Every key under `prefix`, all pages. */
  listKeys(prefix: string): Promise<string[]>;
  /** Every object under `prefix` with its size and last write, all pages. */
  listObjects(prefix: string): Promise<ListedObject[]>;
  /** Whether the bucket keeps versions (versioning enabled or suspended): a PUT or DELETE then leaves the older bytes stored. */
  versioned(): Promise<boolean>;
  /** Every version (and delete marker) of exactly `key`; empty when the bucket keeps none. */
  listVersions(key: string): Promise<ObjectVersion[]>;
  /** Deletes one version for good (idempotent). */
  deleteVersion(key: string, versionId: string): Promise<void>;
}
