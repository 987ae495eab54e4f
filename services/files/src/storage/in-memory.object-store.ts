import type { PresignedPut } from '@tasksensei/contracts';
import type { CompletedPart, ListedObject, MultipartOutcome, ObjectStore, ObjectVersion, StoredObject } from './object.store.js';

interface Stored extends StoredObject {
  readonly lastModified: Date;
}

/**
 * The bucket in memory, for use-case specs: URLs are signed as descriptions of what they allow,
 * `store` and `storePart` play the browser's PUTs, and multipart completion checks the parts'
 * ETags as S3 does. Deletions and aborted uploads are kept, for specs to assert on.
 */
export class InMemoryObjectStore implements ObjectStore {
  readonly objects = new Map<string, Stored>();
  readonly deleted: string[] = [];
  readonly aborted: string[] = [];
  private readonly uploads = new Map<string, { key: string; contentType: string; parts: Map<number, { size: number; etag: string }> }>();
  private nextUpload = 1;

  /** The browser's PUT to a presigned URL. */
  store(key: string, size: number, contentType: string | undefined, lastModified = new Date()): void {
    this.objects.set(key, { size, contentType, lastModified });
  }

  /** The browser's PUT of one part; answers its ETag. */
  storePart(uploadId: string, partNumber: number, size: number): string {
    const upload = this.uploads.get(uploadId);
    if (!upload) throw new Error(`no multipart upload ${uploadId}`);
    const etag = `"etag-${uploadId}-${partNumber}"`;
    upload.parts.set(partNumber, { size, etag });
    return etag;
  }

  isOpen(uploadId: string): boolean {
    return this.uploads.has(uploadId);
  }

  presignPut(key: string, contentType: string, size: number, now: Date, expiresInSeconds: number): Promise<PresignedPut> {
    return Promise.resolve(
      signed(`https://bucket.test/${key}`, { 'content-type': contentType, 'content-length': String(size) }, now, expiresInSeconds),
    );
  }
  createMultipartUpload(key: string, contentType: string): Promise<string> {
    const uploadId = `upload-${this.nextUpload++}`;
    this.uploads.set(uploadId, { key, contentType, parts: new Map() });
    return Promise.resolve(uploadId);
  }
  presignPart(key: string, uploadId: string, partNumber: number, size: number, now: Date, expiresInSeconds: number): Promise<PresignedPut> {
    return Promise.resolve(
      signed(
        `https://bucket.test/${key}?uploadId=${uploadId}&partNumber=${partNumber}`,
        { 'content-length': String(size) },
        now,
        expiresInSeconds,
      ),
    );
  }
  completeMultipartUpload(key: string, uploadId: string, parts: readonly CompletedPart[]): Promise<MultipartOutcome> {
    const upload = this.uploads.get(uploadId);
    if (upload?.key !== key) return Promise.resolve('no-such-upload');
    if (parts.some((p) => upload.parts.get(p.partNumber)?.etag !== p.etag)) return Promise.resolve('invalid-parts');
    const size = parts.reduce((sum, p) => sum + upload.parts.get(p.partNumber)!.size, 0);
    this.uploads.delete(uploadId);
    this.store(key, size, upload.contentType);
    return Promise.resolve('completed');
  }
  abortMultipartUpload(_key: string, uploadId: string): Promise<void> {
    this.uploads.delete(uploadId);
    this.aborted.push(uploadId);
    return Promise.resolve();
  }
  head(key: string): Promise<StoredObject | undefined> {
    const object = this.objects.get(key);
    return Promise.resolve(object && { size: object.size, contentType: object.contentType });
  }
  presignGet(
    key: string,
    _response: { contentType: string; contentDisposition: string },
    now: Date,
    expiresInSeconds: number,
  ): Promise<{ url: string; expiresAt: string }> {
    return Promise.resolve({
      url: `https://bucket.test/${key}`,
      expiresAt: new Date(now.getTime() + expiresInSeconds * 1000).toISOString(),
    });
  }
  presignInternalGet(key: string, now: Date, expiresInSeconds: number): Promise<{ url: string; expiresAt: string }> {
    return Promise.resolve({
      url: `http://bucket.internal/${key}`,
      expiresAt: new Date(now.getTime() + expiresInSeconds * 1000).toISOString(),
    });
  }
  delete(key: string): Promise<void> {
    this.objects.delete(key);
    this.deleted.push(key);
    return Promise.resolve();
  }
  put(key: string, body: Uint8Array, contentType: string): Promise<void> {
    this.store(key, body.byteLength, contentType);
    return Promise.resolve();
  }
  listKeys(prefix: string): Promise<string[]> {
    return Promise.resolve([...this.objects.keys()].filter((key) => key.startsWith(prefix)));
  }
  listObjects(prefix: string): Promise<ListedObject[]> {
    return Promise.resolve(
      [...this.objects].filter(([key]) => key.startsWith(prefix)).map(([key, o]) => ({ key, size: o.size, lastModified: o.lastModified })),
    );
  }
  /** An unversioned bucket: an object's one version has the id S3 gives it there, "null". */
  versioned(): Promise<boolean> {
    return Promise.resolve(false);
  }
  listVersions(key: string): Promise<ObjectVersion[]> {
    const object = this.objects.get(key);
    return Promise.resolve(
      object ? [{ versionId: 'null', size: object.size, lastModified: object.lastModified, deleteMarker: false }] : [],
    );
  }
  deleteVersion(key: string, versionId: string): Promise<void> {
    if (versionId === 'null') this.objects.delete(key);
    return Promise.resolve();
  }
}

function signed(url: string, headers: Record<string, string>, now: Date, expiresInSeconds: number): PresignedPut {
  return { url, method: 'PUT', headers, expiresAt: new Date(now.getTime() + expiresInSeconds * 1000).toISOString() };
}
