import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  GetBucketVersioningCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3ServiceException,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { PresignedPut } from '@tasksensei/contracts';
import { PutPresigner } from './put-presigner.js';
import type { CompletedPart, ListedObject, MultipartOutcome, ObjectVersion, ObjectStore, StoredObject } from './object.store.js';

/** Headers S3 must see signed on an upload: a URL cannot be reused for another type, size or key. */
const SIGNED_PUT_HEADERS = new Set(['content-type', 'content-length']);
const SIGNED_PART_HEADERS = new Set(['content-length']);

const statusOf = (error: unknown) => (error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined);
const nameOf = (error: unknown) => (error instanceof Error ? error.name : '');

/**
 * S3 (or the local stack's S3) behind ObjectStore. `presigner` is a client configured with the
 * endpoint browsers reach, which may differ from the one this service calls. With a KMS key
 * configured, uploads sign `x-amz-server-side-encryption: aws:kms` and the key id: the object
 * can only be stored encrypted under that key.
 */
export class S3ObjectRepository implements ObjectStore {
  constructor(
    private readonly s3: S3Client,
    private readonly presigner: S3Client,
    private readonly bucket: string,
    private readonly kmsKeyId: string | undefined,
  ) {
    this.putPresigner = new PutPresigner(presigner, bucket);
  }

  /** The upload URLs, on every generate: the SDK's signing without its per-call endpoint resolution. */
  private readonly putPresigner: PutPresigner;

  async presignPut(key: string, contentType: string, size: number, now: Date, expiresInSeconds: number): Promise<PresignedPut> {
    const headers = { 'Content-Type': contentType, 'Content-Length': String(size), ...this.sseHeaders() };
    const url = await this.putPresigner.presign(key, headers, {
      expiresIn: expiresInSeconds,
      signingDate: signedAt(now),
      signableHeaders: SIGNED_PUT_HEADERS,
    });
    return {
      url,
      method: 'PUT',
      headers,
      expiresAt: expiry(now, expiresInSeconds),
    };
  }

  async createMultipartUpload(key: string, contentType: string): Promise<string> {
    const { UploadId } = await this.s3.send(
      new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: key, ContentType: contentType, ...this.sse() }),
    );
    if (!UploadId) throw new Error('S3 started a multipart upload without an upload id');
    return UploadId;
  }

  async presignPart(
    key: string,
    uploadId: string,
    partNumber: number,
    size: number,
    now: Date,
    expiresInSeconds: number,
  ): Promise<PresignedPut> {
    const command = new UploadPartCommand({
      Bucket: this.bucket,
      Key: key,
      UploadId: uploadId,
      PartNumber: partNumber,
      ContentLength: size,
    });
    const url = await getSignedUrl(this.presigner, command, {
      expiresIn: expiresInSeconds,
      signingDate: signedAt(now),
      signableHeaders: SIGNED_PART_HEADERS,
    });
    return { url, method: 'PUT', headers: { 'Content-Length': String(size) }, expiresAt: expiry(now, expiresInSeconds) };
  }

  async completeMultipartUpload(key: string, uploadId: string, parts: readonly CompletedPart[]): Promise<MultipartOutcome> {
    try {
      await this.s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: this.bucket,
          Key: key,
          UploadId: uploadId,
          MultipartUpload: { Parts: parts.map((p) => ({ PartNumber: p.partNumber, ETag: p.etag })) },
        }),
      );
      return 'completed';
    } catch (error) {
      if (nameOf(error) === 'NoSuchUpload') return 'no-such-upload';
      if (['InvalidPart', 'InvalidPartOrder', 'EntityTooSmall'].includes(nameOf(error)) || statusOf(error) === 400) return 'invalid-parts';
      throw error;
    }
  }

  async abortMultipartUpload(key: string, uploadId: string): Promise<void> {
    try {
      await this.s3.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId }));
    } catch (error) {
      if (nameOf(error) !== 'NoSuchUpload' && statusOf(error) !== 404) throw error;
    }
  }

  async head(key: string): Promise<StoredObject | undefined> {
    try {
      const head = await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return {
        size: head.ContentLength ?? 0,
        contentType: head.ContentType,
        ...(head.ETag ? { etag: head.ETag } : {}),
        ...(head.VersionId && head.VersionId !== 'null' ? { versionId: head.VersionId } : {}),
      };
    } catch (error) {
      if (statusOf(error) === 404 || nameOf(error) === 'NotFound' || nameOf(error) === 'NoSuchKey') return undefined;
      throw error;
    }
  }

  async presignGet(key: string, response: { contentType: string; contentDisposition: string }, now: Date, expiresInSeconds: number) {
    const command = new GetObjectCommand({
      Bucket: this.bucket,
      Key: key,
      ResponseContentType: response.contentType,
      ResponseContentDisposition: response.contentDisposition,
    });
    const url = await getSignedUrl(this.presigner, command, { expiresIn: expiresInSeconds, signingDate: now });
    return { url, expiresAt: expiry(now, expiresInSeconds) };
  }

  async presignInternalGet(key: string, now: Date, expiresInSeconds: number) {
    // Signed for the internal endpoint: the reader is a service inside, not a browser.
    const url = await getSignedUrl(this.s3, new GetObjectCommand({ Bucket: this.bucket, Key: key }), {
      expiresIn: expiresInSeconds,
      signingDate: now,
    });
    return { url, expiresAt: expiry(now, expiresInSeconds) };
  }

  async delete(key: string): Promise<void> {
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  async put(key: string, body: Uint8Array, contentType: string): Promise<void> {
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ContentType: contentType,
        ContentLength: body.length,
        ...this.sse(),
      }),
    );
  }

  async listKeys(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.s3.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) }),
      );
      keys.push(...(page.Contents ?? []).flatMap((object) => (object.Key ? [object.Key] : [])));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys;
  }

  async listObjects(prefix: string): Promise<ListedObject[]> {
    const objects: ListedObject[] = [];
    let token: string | undefined;
    do {
      const page = await this.s3.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) }),
      );
      for (const object of page.Contents ?? []) {
        if (object.Key) objects.push({ key: object.Key, size: object.Size ?? 0, lastModified: object.LastModified ?? new Date(0) });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return objects;
  }

  /** Asked once, then every VERSIONING_RECHECK_MS: an operator may switch versioning on. */
  async versioned(): Promise<boolean> {
    const now = Date.now();
    if (this.versioning && now - this.versioning.at < VERSIONING_RECHECK_MS) return this.versioning.on;
    let on: boolean;
    try {
      const { Status } = await this.s3.send(new GetBucketVersioningCommand({ Bucket: this.bucket }));
      on = Status === 'Enabled' || Status === 'Suspended';
    } catch (error) {
      // A store without the API (s3rver) keeps no versions.
      if (nameOf(error) !== 'NotImplemented' && statusOf(error) !== 501) throw error;
      on = false;
    }
    this.versioning = { on, at: now };
    return on;
  }

  async listVersions(key: string): Promise<ObjectVersion[]> {
    const versions: ObjectVersion[] = [];
    let keyMarker: string | undefined;
    let versionMarker: string | undefined;
    do {
      const page = await this.s3.send(
        new ListObjectVersionsCommand({
          Bucket: this.bucket,
          Prefix: key,
          ...(keyMarker ? { KeyMarker: keyMarker } : {}),
          ...(versionMarker ? { VersionIdMarker: versionMarker } : {}),
        }),
      );
      for (const v of page.Versions ?? []) {
        if (v.Key === key && v.VersionId)
          versions.push({ versionId: v.VersionId, size: v.Size ?? 0, lastModified: v.LastModified ?? new Date(0), deleteMarker: false });
      }
      for (const m of page.DeleteMarkers ?? []) {
        if (m.Key === key && m.VersionId)
          versions.push({ versionId: m.VersionId, size: 0, lastModified: m.LastModified ?? new Date(0), deleteMarker: true });
      }
      keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
      versionMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
    } while (keyMarker);
    return versions;
  }

  async deleteVersion(key: string, versionId: string): Promise<void> {
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key, VersionId: versionId }));
  }

  private versioning?: { readonly on: boolean; readonly at: number };

  private sse() {
    return this.kmsKeyId ? { ServerSideEncryption: 'aws:kms' as const, SSEKMSKeyId: this.kmsKeyId } : {};
  }

  private sseHeaders(): Record<string, string> {
    return this.kmsKeyId ? { 'x-amz-server-side-encryption': 'aws:kms', 'x-amz-server-side-encryption-aws-kms-key-id': this.kmsKeyId } : {};
  }
}

const VERSIONING_RECHECK_MS = 5 * 60_000;

/** SigV4 dates have whole seconds: the URL expires `seconds` after the second it was signed in. */
const signedAt = (now: Date) => new Date(Math.floor(now.getTime() / 1000) * 1000);
const expiry = (now: Date, seconds: number) => new Date(signedAt(now).getTime() + seconds * 1000).toISOString();
