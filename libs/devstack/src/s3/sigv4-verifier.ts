import { createHash, createHmac, timingSafeEqual, type Hash, type Hmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import {
  ALGORITHM_IDENTIFIER,
  SignatureV4Base,
  UNSIGNED_PAYLOAD,
  createScope,
  getCanonicalHeaders,
  getSigningKey,
} from '@smithy/signature-v4';
import { S3Error, accessDenied } from './s3-error.js';

/** The request as it arrived: the raw path (as signed, still percent-encoded) and decoded query pairs. */
export interface SignedRequest {
  readonly method: string;
  readonly rawPath: string;
  readonly query: Record<string, string>;
  readonly headers: IncomingHttpHeaders;
}

export interface VerifiedRequest {
  readonly accessKeyId: string;
  readonly mode: 'header' | 'query';
  /** What the signature says about the body: a hex SHA-256, or `UNSIGNED-PAYLOAD`. */
  readonly payloadHash: string;
}

/** Query parameters that carry the signature itself, never forwarded to the store. */
export const AUTH_QUERY_PARAMS = new Set([
  'x-amz-algorithm',
  'x-amz-credential',
  'x-amz-date',
  'x-amz-expires',
  'x-amz-signedheaders',
  'x-amz-signature',
  'x-amz-security-token',
  'x-amz-content-sha256',
]);

const MAX_SKEW_MS = 15 * 60_000;
const MAX_PRESIGNED_SECONDS = 7 * 24 * 3600;
const LONG_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** node:crypto behind the hash interface the signer expects (HMAC when given a key). */
class NodeSha256 {
  private hash: Hash | Hmac;

  constructor(private readonly secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = this.create();
  }

  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(typeof data === 'string' ? data : toBuffer(data));
  }

  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }

  reset(): void {
    this.hash = this.create();
  }

  private create(): Hash | Hmac {
    return this.secret === undefined
      ? createHash('sha256')
      : createHmac('sha256', typeof this.secret === 'string' ? this.secret : toBuffer(this.secret));
  }
}

const toBuffer = (data: ArrayBuffer | ArrayBufferView) =>
  ArrayBuffer.isView(data) ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : Buffer.from(data);

/**
 * The library's own canonical request and string to sign (S3 flavour: the path is signed as
 * sent, not normalised or encoded twice), so what we check is exactly what the SDK signs.
 */
class CanonicalForm extends SignatureV4Base {
  constructor() {
    super({
      service: 's3',
      region: 'us-east-1',
      credentials: { accessKeyId: '-', secretAccessKey: '-' },
      sha256: NodeSha256,
      uriEscapePath: false,
      applyChecksum: false,
    });
  }

  stringToSign(
    request: SignedRequest,
    headers: Record<string, string>,
    signedHeaders: ReadonlySet<string>,
    payloadHash: string,
    longDate: string,
    scope: string,
  ) {
    const httpRequest = { method: request.method, protocol: 'http:', hostname: '', path: request.rawPath, query: request.query, headers };
    const canonicalHeaders = getCanonicalHeaders(httpRequest, undefined, new Set(signedHeaders));
    const canonicalRequest = this.createCanonicalRequest(httpRequest, canonicalHeaders, payloadHash);
    return this.createStringToSign(longDate, scope, canonicalRequest, ALGORITHM_IDENTIFIER);
  }
}

interface Claim {
  readonly mode: 'header' | 'query';
  readonly accessKeyId: string;
  readonly shortDate: string;
  readonly region: string;
  readonly service: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
  readonly longDate: string;
  readonly payloadHash: string;
  readonly expiresSeconds?: number;
}

/**
 * AWS Signature Version 4 as S3 checks it, for both forms: the `Authorization` header (what
 * the SDK sends) and presigned query parameters (what browsers get). It recomputes the
 * signature with the secret of the claimed access key and compares in constant time, and
 * enforces what S3 enforces around it: expiry of presigned URLs, clock skew of signed
 * headers, and that every `x-amz-*` header sent was signed (so nobody can add a copy source
 * or metadata to someone else's URL).
 */
export class SigV4Verifier {
  private readonly canonical = new CanonicalForm();

  constructor(private readonly secrets: ReadonlyMap<string, string>) {}

  async verify(request: SignedRequest, now: Date): Promise<VerifiedRequest> {
    const claim = this.claimOf(request);
    this.checkTime(claim, now.getTime());
    const secret = this.secrets.get(claim.accessKeyId);
    if (secret === undefined)
      throw new S3Error(403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.');
    if (claim.service !== 's3')
      throw new S3Error(400, 'AuthorizationHeaderMalformed', `The credential scope names the service "${claim.service}", not s3.`);

    const signed = new Set(claim.signedHeaders);
    if (!signed.has('host')) throw accessDenied('The host header must be signed.');
    for (const name of Object.keys(request.headers)) {
      if (name.startsWith('x-amz-') && !signed.has(name))
        throw accessDenied(`There were headers present in the request which were not signed: ${name}`);
    }
    const headers: Record<string, string> = {};
    for (const name of claim.signedHeaders) {
      const value = request.headers[name];
      if (value === undefined) throw signatureMismatch();
      headers[name] = Array.isArray(value) ? value.join(',') : value;
    }

    const scope = createScope(claim.shortDate, claim.region, claim.service);
    const stringToSign = await this.canonical.stringToSign(request, headers, signed, claim.payloadHash, claim.longDate, scope);
    const key = await getSigningKey(
      NodeSha256,
      { accessKeyId: claim.accessKeyId, secretAccessKey: secret },
      claim.shortDate,
      claim.region,
      claim.service,
    );
    const expected = createHmac('sha256', key).update(stringToSign).digest();
    const provided = Buffer.from(claim.signature, 'hex');
    if (provided.length !== expected.length || !timingSafeEqual(provided, expected)) throw signatureMismatch();
    return { accessKeyId: claim.accessKeyId, mode: claim.mode, payloadHash: claim.payloadHash };
  }

  private claimOf(request: SignedRequest): Claim {
    const authorization = request.headers.authorization;
    const presigned = Object.keys(request.query).some((name) => name.toLowerCase() === 'x-amz-algorithm');
    if (authorization && presigned) {
      throw new S3Error(
        400,
        'InvalidArgument',
        'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter or the Authorization header should be specified',
      );
    }
    if (authorization) return headerClaim(authorization, request.headers);
    if (presigned) return queryClaim(request);
    throw accessDenied();
  }

  private checkTime(claim: Claim, now: number): void {
    const signedAt = parseLongDate(claim.longDate);
    if (claim.longDate.slice(0, 8) !== claim.shortDate)
      throw new S3Error(400, 'AuthorizationHeaderMalformed', 'The credential date does not match the request date.');
    if (claim.expiresSeconds === undefined) {
      if (Math.abs(now - signedAt) > MAX_SKEW_MS) {
        throw new S3Error(403, 'RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.');
      }
      return;
    }
    if (signedAt - now > MAX_SKEW_MS) throw accessDenied('Request is not valid yet');
    if (now > signedAt + claim.expiresSeconds * 1000) throw accessDenied('Request has expired');
  }
}

const signatureMismatch = () =>
  new S3Error(
    403,
    'SignatureDoesNotMatch',
    'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
  );

function parseCredential(credential: string, malformed: () => S3Error) {
  const parts = credential.split('/');
  if (parts.length !== 5 || parts[4] !== 'aws4_request' || !/^\d{8}$/.test(parts[1]!) || !parts[0] || !parts[2] || !parts[3])
    throw malformed();
  return { accessKeyId: parts[0], shortDate: parts[1]!, region: parts[2], service: parts[3] };
}

const SIGNED_HEADER_LIST = /^[a-z0-9-]+(;[a-z0-9-]+)*$/;
const SIGNATURE = /^[0-9a-f]{64}$/;

function headerClaim(authorization: string, headers: IncomingHttpHeaders): Claim {
  const malformed = () => new S3Error(400, 'AuthorizationHeaderMalformed', 'The authorization header is malformed.');
  if (!authorization.startsWith(`${ALGORITHM_IDENTIFIER} `)) {
    throw new S3Error(400, 'InvalidArgument', 'Only AWS Signature Version 4 (AWS4-HMAC-SHA256) is supported.');
  }
  const fields = new Map<string, string>();
  for (const part of authorization.slice(ALGORITHM_IDENTIFIER.length + 1).split(',')) {
    const index = part.indexOf('=');
    if (index > 0) fields.set(part.slice(0, index).trim(), part.slice(index + 1).trim());
  }
  const credential = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!credential || !signedHeaders || !signature || !SIGNED_HEADER_LIST.test(signedHeaders) || !SIGNATURE.test(signature))
    throw malformed();
  const longDate = headers['x-amz-date'];
  if (typeof longDate !== 'string') throw accessDenied('AWS authentication requires a valid x-amz-date header.');
  const payloadHash = headers['x-amz-content-sha256'];
  if (typeof payloadHash !== 'string')
    throw new S3Error(400, 'InvalidRequest', 'Missing required header for this request: x-amz-content-sha256');
  return {
    mode: 'header',
    ...parseCredential(credential, malformed),
    signedHeaders: signedHeaders.split(';'),
    signature,
    longDate,
    payloadHash,
  };
}

function queryClaim(request: SignedRequest): Claim {
  const malformed = () =>
    new S3Error(400, 'AuthorizationQueryParametersError', 'The presigned URL is missing or has malformed X-Amz-* parameters.');
  const param = (name: string) => request.query[name];
  if (param('X-Amz-Algorithm') !== ALGORITHM_IDENTIFIER) throw malformed();
  const credential = param('X-Amz-Credential');
  const signedHeaders = param('X-Amz-SignedHeaders');
  const signature = param('X-Amz-Signature');
  const longDate = param('X-Amz-Date');
  const expires = Number(param('X-Amz-Expires'));
  if (!credential || !signedHeaders || !signature || !longDate || !SIGNED_HEADER_LIST.test(signedHeaders) || !SIGNATURE.test(signature))
    throw malformed();
  if (!Number.isInteger(expires) || expires < 1 || expires > MAX_PRESIGNED_SECONDS) {
    throw new S3Error(400, 'AuthorizationQueryParametersError', 'X-Amz-Expires must be between 1 and 604800 seconds.');
  }
  const signedHeaderList = signedHeaders.split(';');
  // A presigned request's payload is unsigned unless the URL itself says otherwise.
  const signedHashHeader = signedHeaderList.includes('x-amz-content-sha256') ? request.headers['x-amz-content-sha256'] : undefined;
  const payloadHash = param('X-Amz-Content-Sha256') ?? (typeof signedHashHeader === 'string' ? signedHashHeader : UNSIGNED_PAYLOAD);
  return {
    mode: 'query',
    ...parseCredential(credential, malformed),
    signedHeaders: signedHeaderList,
    signature,
    longDate,
    payloadHash,
    expiresSeconds: expires,
  };
}

function parseLongDate(value: string): number {
  const match = LONG_DATE.exec(value);
  if (!match) throw accessDenied('The request date is not in the ISO 8601 basic format (YYYYMMDDTHHMMSSZ).');
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s);
}
