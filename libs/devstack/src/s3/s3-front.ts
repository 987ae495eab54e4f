import { createHash, randomBytes } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type Server,
  type ServerResponse,
} from 'node:http';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { UNSIGNED_PAYLOAD } from '@smithy/signature-v4';
import { CorsPolicy } from './cors.js';
import { CorruptObjectError, HEADER_BYTES, type MasterKey } from './envelope.js';
import { S3Error, sendS3Error } from './s3-error.js';
import { BodyLengthError, SegmentDecryptor, SegmentEncryptor, plaintextLengthOf } from './segment-cipher.js';
import { AUTH_QUERY_PARAMS, SigV4Verifier, type VerifiedRequest } from './sigv4-verifier.js';
import { Upstream } from './upstream.js';

export interface S3FrontOptions {
  /** s3rver's port on 127.0.0.1, and its directory (for what its API lacks: aborting an upload). */
  readonly upstreamPort: number;
  readonly storeDir: string;
  readonly masterKey: MasterKey;
  /** Access key id -> secret, as S3 knows its users. */
  readonly credentials: ReadonlyMap<string, string>;
  /** Browser origins allowed to PUT and GET with presigned URLs (the web client's). */
  readonly corsOrigins: readonly string[];
  /** The key id a request may name in `x-amz-server-side-encryption-aws-kms-key-id`. */
  readonly kmsKeyId: string;
  readonly log: (level: 'info' | 'error', message: string, fields?: Record<string, unknown>) => void;
  readonly now?: () => Date;
}

/** S3's own limit for one PUT; larger objects go up in parts. */
const MAX_SINGLE_PUT_BYTES = 5 * 1024 ** 3;
/** A body whose SHA-256 is signed is held until it is checked (only small SDK bodies in practice). */
const MAX_HASHED_BODY_BYTES = 64 * 1024 * 1024;
const MAX_PART_NUMBER = 10_000;
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const UPLOAD_ID = /^[0-9a-f]{32}$/;
const PLAINTEXT_CACHE_ENTRIES = 10_000;

/** Request headers the store may see: object metadata and conditions, never auth or SSE. */
const FORWARDED_HEADER =
  /^(content-type|content-disposition|content-encoding|content-language|cache-control|expires|x-amz-meta-[a-z0-9._-]+|x-amz-copy-source(-[a-z-]+)?|x-amz-metadata-directive|x-amz-storage-class|x-amz-tagging|if-match|if-none-match|if-modified-since|if-unmodified-since)$/;
/** Stored metadata a HEAD or GET reports. */
const OBJECT_HEADER =
  /^(content-type|content-disposition|content-encoding|content-language|cache-control|expires|etag|last-modified|x-amz-meta-[a-z0-9._-]+|x-amz-storage-class)$/;
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'date']);
const RESPONSE_OVERRIDES: Record<string, string> = {
  'response-content-type': 'content-type',
  'response-content-language': 'content-language',
  'response-expires': 'expires',
  'response-cache-control': 'cache-control',
  'response-content-disposition': 'content-disposition',
  'response-content-encoding': 'content-encoding',
};

interface Target {
  readonly method: string;
  readonly rawPath: string;
  readonly bucket: string;
  readonly key: string;
  readonly query: Record<string, string>;
  /** Path and query for the store: without the signature and response overrides. */
  readonly forwardPath: string;
  /** Query parameters that select an S3 sub-resource (uploadId, partNumber, uploads, tagging...). */
  readonly subresources: readonly string[];
}

interface ObjectInfo {
  readonly plaintextLength: number;
  readonly ciphertextLength: number;
  readonly etag: string;
  readonly headers: OutgoingHttpHeaders;
}

/**
 * The local stack's S3 as browsers and the files service see it: s3rver behind a front that
 * does what s3rver does not.
 *
 * - Authentication as S3 does it: every request carries a valid SigV4 signature (header or
 *   presigned query) of a known key; a tampered, expired or re-targeted URL is a 403. s3rver
 *   then receives the request unsigned, on a loopback port only this process knows.
 * - Encryption at rest as SSE-KMS does it (see envelope.ts): object bodies and multipart parts
 *   are encrypted on the way in, so the data directory holds only ciphertext, and decrypted on
 *   the way out; HEAD and GET report the plaintext length and the stored content type.
 * - CORS for the web client's origin, and AbortMultipartUpload, which s3rver lacks.
 *
 * Limits, documented rather than hidden: a Range header is ignored (the whole object is
 * answered with 200, which HTTP allows), and ListObjects reports stored (ciphertext) sizes.
 */
export class S3Front {
  private readonly upstream: Upstream;
  private readonly verifier: SigV4Verifier;
  private readonly cors: CorsPolicy;
  private readonly plaintextLengths = new Map<string, number>();
  private readonly now: () => Date;

  constructor(private readonly options: S3FrontOptions) {
    this.upstream = new Upstream(options.upstreamPort);
    this.verifier = new SigV4Verifier(options.credentials);
    this.cors = new CorsPolicy(options.corsOrigins);
    this.now = options.now ?? (() => new Date());
  }

  listen(port: number, host: string): Promise<Server> {
    const server = createServer((req, res) => void this.serve(req, res));
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve(server));
    });
  }

  close(): void {
    this.upstream.close();
  }

  async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomBytes(8).toString('hex').toUpperCase();
    const method = req.method ?? 'GET';
    const started = performance.now();
    res.setHeader('x-amz-request-id', requestId);
    try {
      if (method === 'OPTIONS') {
        this.cors.preflight(req, res);
        return;
      }
      this.cors.decorate(req, res);
      const target = parseTarget(method, req.url ?? '/');
      const auth = await this.verifier.verify({ method, rawPath: target.rawPath, query: target.query, headers: req.headers }, this.now());
      const body = await this.hashedBody(req, auth);
      await this.route(req, res, target, body);
    } catch (error) {
      const s3Error = this.toS3Error(error, method, req.url);
      sendS3Error(res, s3Error, requestId, method);
      // The query holds the signature: only the path is logged.
      this.options.log(s3Error.status >= 500 ? 'error' : 'info', 's3 request refused', {
        method,
        path: (req.url ?? '').split('?')[0],
        status: s3Error.status,
        code: s3Error.code,
        reason: s3Error.message,
        ms: Math.round(performance.now() - started),
        requestId,
      });
    }
  }

  private async route(req: IncomingMessage, res: ServerResponse, target: Target, body: Buffer | undefined): Promise<void> {
    const { method, key, subresources } = target;
    const has = (...names: string[]) => subresources.length === names.length && names.every((name) => subresources.includes(name));
    if (!key) return this.pass(req, res, target, body);
    if (method === 'PUT' && !req.headers['x-amz-copy-source']) {
      if (has()) return this.putEncrypted(req, res, target, body, 'object');
      if (has('partNumber', 'uploadId')) return this.putEncrypted(req, res, target, body, 'part');
    }
    if (method === 'GET' && has()) return this.getDecrypted(req, res, target, true);
    if (method === 'HEAD' && has()) return this.getDecrypted(req, res, target, false);
    if (method === 'DELETE' && has('uploadId')) return this.abortUpload(res, target);
    if (method === 'POST' && has('uploads')) checkEncryptionRequest(req.headers, this.options.kmsKeyId);
    return this.pass(req, res, target, body);
  }

  /** The body of a header-signed request whose hash is signed: held and checked, as S3 does. */
  private async hashedBody(req: IncomingMessage, auth: VerifiedRequest): Promise<Buffer | undefined> {
    const hash = auth.payloadHash;
    if (hash === UNSIGNED_PAYLOAD) return undefined;
    if (hash.startsWith('STREAMING-')) {
      throw new S3Error(
        501,
        'NotImplemented',
        'aws-chunked uploads are not supported by the local S3; sign the payload or use UNSIGNED-PAYLOAD',
      );
    }
    if (!/^[0-9a-f]{64}$/.test(hash))
      throw new S3Error(400, 'InvalidArgument', 'x-amz-content-sha256 must be UNSIGNED-PAYLOAD or a hex SHA-256');
    const chunks: Buffer[] = [];
    let length = 0;
    for await (const chunk of req) {
      length += (chunk as Buffer).length;
      if (length > MAX_HASHED_BODY_BYTES)
        throw new S3Error(400, 'EntityTooLarge', 'The signed body is larger than the local S3 holds in memory.');
      chunks.push(chunk as Buffer);
    }
    const body = Buffer.concat(chunks);
    if (createHash('sha256').update(body).digest('hex') !== hash) {
      throw new S3Error(400, 'XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.");
    }
    return body;
  }

  private async putEncrypted(
    req: IncomingMessage,
    res: ServerResponse,
    target: Target,
    body: Buffer | undefined,
    kind: 'object' | 'part',
  ): Promise<void> {
    const length = body ? body.length : declaredLength(req.headers);
    if (length > MAX_SINGLE_PUT_BYTES) throw new S3Error(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size.');
    if (kind === 'part') {
      const part = Number(target.query.partNumber);
      if (!Number.isInteger(part) || part < 1 || part > MAX_PART_NUMBER)
        throw new S3Error(400, 'InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive.');
      await this.requireUpload(target);
    } else {
      checkEncryptionRequest(req.headers, this.options.kmsKeyId);
    }

    const encryptor = new SegmentEncryptor(this.options.masterKey, length);
    const headers = { ...forwardedHeaders(req.headers), 'content-length': encryptor.ciphertextLength };
    const { request: outgoing, response } = this.upstream.open('PUT', target.forwardPath, headers);
    const piped = pipeline(body ? Readable.from([body]) : req, encryptor, outgoing);
    const [written, answered] = await Promise.allSettled([piped, response]);
    if (answered.status === 'fulfilled' && (written.status === 'fulfilled' || (answered.value.statusCode ?? 500) >= 400)) {
      return relay(answered.value, res, answered.value.statusCode === 200 ? this.encryptionHeaders() : {});
    }
    outgoing.destroy();
    // s3rver writes straight to the object's file: a broken PUT must not leave half an object.
    if (kind === 'object') await this.upstream.send('DELETE', target.rawPath).catch(() => undefined);
    const cause =
      written.status === 'rejected'
        ? (written.reason as unknown)
        : answered.status === 'rejected'
          ? (answered.reason as unknown)
          : undefined;
    if (cause instanceof BodyLengthError)
      throw new S3Error(400, 'IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header.');
    throw cause ?? new Error('the upload to the store failed');
  }

  private async getDecrypted(req: IncomingMessage, res: ServerResponse, target: Target, withBody: boolean): Promise<void> {
    const info = await this.describe(target.rawPath);
    const headers: OutgoingHttpHeaders = {
      ...info.headers,
      ...this.encryptionHeaders(),
      ...responseOverrides(target.query),
      'content-length': info.plaintextLength,
    };
    if (req.headers['if-none-match'] === info.etag) {
      res.writeHead(304, { etag: info.etag });
      res.end();
      return;
    }
    if (!withBody) {
      res.writeHead(200, headers);
      res.end();
      return;
    }
    const { request: outgoing, response } = this.upstream.open('GET', target.rawPath, {});
    outgoing.end();
    const answer = await response;
    if (
      answer.statusCode !== 200 ||
      Number(answer.headers['content-length']) !== info.ciphertextLength ||
      answer.headers.etag !== info.etag
    ) {
      answer.resume();
      throw new S3Error(503, 'SlowDown', 'The object changed while it was being read; retry.');
    }
    res.writeHead(200, headers);
    try {
      await pipeline(answer, new SegmentDecryptor(this.options.masterKey), res);
    } catch (error) {
      // Headers are out: cutting the body short of its Content-Length is how the client learns.
      this.options.log('error', 'decrypting an object failed', { path: target.rawPath, err: (error as Error).message });
      res.destroy();
    }
  }

  /** Plaintext length and stored metadata, from a HEAD and (once per object version) its segment headers. */
  private async describe(objectPath: string): Promise<ObjectInfo> {
    const head = await this.upstream.send('HEAD', objectPath);
    if (head.status === 404) throw new S3Error(404, 'NoSuchKey', 'The specified key does not exist.');
    if (head.status !== 200) throw new S3Error(500, 'InternalError', `the store answered ${head.status} to HEAD`);
    const ciphertextLength = Number(head.headers['content-length']);
    const etag = String(head.headers.etag ?? '');
    const cacheKey = `${objectPath}\n${etag}\n${ciphertextLength}`;
    let plaintextLength = this.plaintextLengths.get(cacheKey);
    if (plaintextLength === undefined) {
      ({ plaintextLength } = await plaintextLengthOf(ciphertextLength, async (offset) => {
        const part = await this.upstream.send('GET', objectPath, { range: `bytes=${offset}-${offset + HEADER_BYTES - 1}` });
        if (part.status !== 206 && part.status !== 200)
          throw new S3Error(500, 'InternalError', `the store answered ${part.status} to a ranged GET`);
        return part.status === 206 ? part.body : part.body.subarray(offset, offset + HEADER_BYTES);
      }));
      if (this.plaintextLengths.size >= PLAINTEXT_CACHE_ENTRIES) this.plaintextLengths.delete(this.plaintextLengths.keys().next().value!);
      this.plaintextLengths.set(cacheKey, plaintextLength);
    }
    const headers: OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(head.headers)) if (OBJECT_HEADER.test(name) && value !== undefined) headers[name] = value;
    return { plaintextLength, ciphertextLength, etag, headers };
  }

  /** AbortMultipartUpload, which s3rver does not implement: its parts are files under the store. */
  private async abortUpload(res: ServerResponse, target: Target): Promise<void> {
    const directory = await this.requireUpload(target);
    await rm(directory, { recursive: true, force: true });
    res.writeHead(204);
    res.end();
  }

  /** The upload's directory in s3rver's store, when the upload exists and belongs to this key. */
  private async requireUpload(target: Target): Promise<string> {
    const uploadId = target.query.uploadId ?? '';
    const noSuchUpload = () =>
      new S3Error(
        404,
        'NoSuchUpload',
        'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
      );
    // The id becomes a path: only s3rver's own 32 hex digits are accepted.
    if (!UPLOAD_ID.test(uploadId)) throw noSuchUpload();
    const directory = join(this.options.storeDir, target.bucket, '._S3rver_uploads', uploadId);
    const key = await readFile(join(directory, 'key'), 'utf8').catch(() => undefined);
    if (key !== target.key) throw noSuchUpload();
    return directory;
  }

  private async pass(req: IncomingMessage, res: ServerResponse, target: Target, body: Buffer | undefined): Promise<void> {
    const headers: OutgoingHttpHeaders = forwardedHeaders(req.headers);
    if (body) headers['content-length'] = body.length;
    else if (req.headers['content-length']) headers['content-length'] = req.headers['content-length'];
    else if (req.headers['transfer-encoding']) headers['transfer-encoding'] = req.headers['transfer-encoding'];
    const { request: outgoing, response } = this.upstream.open(target.method, target.forwardPath, headers);
    if (body) outgoing.end(body);
    else pipeline(req, outgoing).catch(() => outgoing.destroy());
    const answer = await response;
    const encrypted = target.method === 'POST' && target.subresources.includes('uploads') && answer.statusCode === 200;
    return relay(answer, res, encrypted ? this.encryptionHeaders() : {});
  }

  private encryptionHeaders(): OutgoingHttpHeaders {
    return { 'x-amz-server-side-encryption': 'aws:kms', 'x-amz-server-side-encryption-aws-kms-key-id': this.options.kmsKeyId };
  }

  private toS3Error(error: unknown, method: string, url: string | undefined): S3Error {
    if (error instanceof S3Error) return error;
    if (error instanceof CorruptObjectError) {
      this.options.log('error', 'a stored object failed to decrypt', { path: (url ?? '').split('?')[0], err: error.message });
      return new S3Error(500, 'InternalError', 'The stored object could not be decrypted.');
    }
    this.options.log('error', 'local S3 request failed', {
      method,
      path: (url ?? '').split('?')[0],
      err: (error as Error)?.stack ?? String(error),
    });
    return new S3Error(500, 'InternalError', 'We encountered an internal error. Please try again.');
  }
}

function parseTarget(method: string, url: string): Target {
  const queryStart = url.indexOf('?');
  const rawPath = queryStart < 0 ? url : url.slice(0, queryStart);
  const rawQuery = queryStart < 0 ? '' : url.slice(queryStart + 1);
  const query: Record<string, string> = {};
  const forwarded: string[] = [];
  const subresources: string[] = [];
  for (const pair of rawQuery.split('&').filter(Boolean)) {
    const index = pair.indexOf('=');
    const name = decode(index < 0 ? pair : pair.slice(0, index));
    query[name] = decode(index < 0 ? '' : pair.slice(index + 1));
    const lower = name.toLowerCase();
    if (AUTH_QUERY_PARAMS.has(lower) || lower === 'x-id' || lower.startsWith('response-')) continue;
    forwarded.push(pair);
    subresources.push(name);
  }
  const [, bucketSegment = '', ...keySegments] = rawPath.split('/');
  const bucket = decode(bucketSegment);
  if (bucket && !BUCKET_NAME.test(bucket)) throw new S3Error(400, 'InvalidBucketName', 'The specified bucket is not valid.');
  return {
    method,
    rawPath,
    bucket,
    key: decode(keySegments.join('/')),
    query,
    forwardPath: forwarded.length ? `${rawPath}?${forwarded.join('&')}` : rawPath,
    subresources,
  };
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new S3Error(400, 'InvalidURI', "Couldn't parse the specified URI.");
  }
}

function declaredLength(headers: IncomingHttpHeaders): number {
  const value = headers['content-length'];
  if (value === undefined) throw new S3Error(411, 'MissingContentLength', 'You must provide the Content-Length HTTP header.');
  const length = Number(value);
  if (!Number.isSafeInteger(length) || length < 0) throw new S3Error(400, 'InvalidArgument', 'Content-Length is not a valid length.');
  return length;
}

/** S3's SSE request headers: KMS (with this stack's key, if one is named) or S3-managed keys. */
function checkEncryptionRequest(headers: IncomingHttpHeaders, kmsKeyId: string): void {
  const algorithm = headers['x-amz-server-side-encryption'];
  if (algorithm !== undefined && algorithm !== 'aws:kms' && algorithm !== 'AES256') {
    throw new S3Error(400, 'InvalidArgument', 'The encryption method specified is not supported.');
  }
  const keyId = headers['x-amz-server-side-encryption-aws-kms-key-id'];
  if (keyId === undefined) return;
  if (algorithm !== 'aws:kms') throw new S3Error(400, 'InvalidArgument', 'A KMS key id requires x-amz-server-side-encryption: aws:kms.');
  if (keyId !== kmsKeyId) throw new S3Error(400, 'KMS.NotFoundException', `Invalid keyId ${String(keyId)}`);
}

function forwardedHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined && FORWARDED_HEADER.test(name)) out[name] = value;
  return out;
}

/** `response-*` query parameters of a signed GET: how a presigned download sets its disposition. */
function responseOverrides(query: Record<string, string>): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(query)) {
    const header = RESPONSE_OVERRIDES[name.toLowerCase()];
    if (header) out[header] = value;
    else if (name.toLowerCase().startsWith('response-'))
      throw new S3Error(400, 'InvalidArgument', `${name} is not an overridable response header.`);
  }
  return out;
}

async function relay(answer: IncomingMessage, res: ServerResponse, extra: OutgoingHttpHeaders): Promise<void> {
  res.statusCode = answer.statusCode ?? 502;
  for (const [name, value] of Object.entries(answer.headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name) && !name.startsWith('access-control-')) res.setHeader(name, value);
  }
  for (const [name, value] of Object.entries(extra)) if (value !== undefined) res.setHeader(name, value);
  await pipeline(answer, res).catch(() => res.destroy());
}
