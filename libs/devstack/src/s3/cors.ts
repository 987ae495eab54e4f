import type { IncomingMessage, ServerResponse } from 'node:http';
import { S3Error } from './s3-error.js';

const METHODS = ['GET', 'PUT', 'HEAD'];
/** What a browser may send on a presigned PUT or GET (the same rule deploy/aws gives the bucket). */
const ALLOWED_HEADER = /^(content-type|content-md5|content-disposition|cache-control|x-amz-[a-z0-9-]+)$/;
const EXPOSED = 'ETag, x-amz-request-id, x-amz-server-side-encryption, x-amz-server-side-encryption-aws-kms-key-id';
const MAX_AGE_SECONDS = '3000';

/**
 * The bucket's CORS rule: the web client's origin (PUBLIC_URL) may PUT and GET through
 * presigned URLs straight from the page, and read the ETag it needs to complete a multipart
 * upload. Any other origin gets no CORS headers, so its script cannot read the answers.
 */
export class CorsPolicy {
  private readonly origins: ReadonlySet<string>;

  constructor(origins: readonly string[]) {
    this.origins = new Set(origins.map((origin) => origin.replace(/\/+$/, '')));
  }

  preflight(req: IncomingMessage, res: ServerResponse): void {
    const origin = req.headers.origin;
    const method = req.headers['access-control-request-method'];
    if (!origin || typeof method !== 'string')
      throw new S3Error(400, 'BadRequest', 'Insufficient information. Origin and Access-Control-Request-Method headers are needed.');
    const requested = (req.headers['access-control-request-headers'] ?? '')
      .split(',')
      .map((name) => name.trim().toLowerCase())
      .filter(Boolean);
    if (!this.origins.has(origin) || !METHODS.includes(method) || !requested.every((name) => ALLOWED_HEADER.test(name))) {
      throw new S3Error(403, 'CORSResponse', 'This CORS request is not allowed.');
    }
    res.writeHead(200, {
      'access-control-allow-origin': origin,
      'access-control-allow-methods': METHODS.join(', '),
      ...(requested.length ? { 'access-control-allow-headers': requested.join(', ') } : {}),
      'access-control-expose-headers': EXPOSED,
      'access-control-max-age': MAX_AGE_SECONDS,
      vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
      'content-length': '0',
    });
    res.end();
  }

  /** On every answer, errors included, so the page can read a 403 as a 403. */
  decorate(req: IncomingMessage, res: ServerResponse): void {
    res.setHeader('vary', 'Origin');
    const origin = req.headers.origin;
    if (!origin || !this.origins.has(origin) || !METHODS.includes(req.method ?? '')) return;
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('access-control-expose-headers', EXPOSED);
  }
}
