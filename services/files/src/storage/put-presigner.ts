import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { SigningKeys, amzDate, hmacHex, sha256Hex } from '@tasksensei/platform';

/** Where a bucket's objects live, as the SDK resolved it once: scheme, host and path before the key. */
interface ObjectEndpoint {
  readonly protocol: string;
  readonly hostname: string;
  readonly port: number | undefined;
  readonly pathPrefix: string;
  readonly region: string;
}

const PROBE_KEY = 'presign-probe';
/** S3 presigned URLs do not sign the body. */
const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

/**
 * Presigned PUT URLs at a fraction of `getSignedUrl`'s cost. That function runs the client's
 * whole middleware stack for every URL: input serialization and endpoint resolution by the
 * rules engine, about three quarters of its time; and the SDK's signer then re-derives its
 * signing-key cache entry (two SHA-256 passes over the credentials) for each URL. The endpoint of
 * an object depends only on the bucket, so it is resolved once (by `getSignedUrl` itself, for a
 * probe key); each URL then is the request S3 would get, built from that endpoint, and signed
 * here by SigV4 query signing as `S3RequestPresigner` does it: `x-amz-*` headers other than the
 * server-side-encryption ones hoisted into the query (the payload hash, `UNSIGNED-PAYLOAD`),
 * the SSE headers, host and the `signableHeaders` signed, the signing key kept per day.
 * put-presigner.spec.ts checks the URLs equal `getSignedUrl`'s, byte for byte.
 */
export class PutPresigner {
  private endpoint?: Promise<ObjectEndpoint>;
  private readonly keys = new SigningKeys();

  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  /** `headers`: what the upload must send, signed (content-type, content-length, SSE). */
  async presign(
    key: string,
    headers: Readonly<Record<string, string>>,
    options: { readonly signingDate: Date; readonly expiresIn: number; readonly signableHeaders: ReadonlySet<string> },
  ): Promise<string> {
    const endpoint = await (this.endpoint ??= this.resolve().catch((error: unknown) => {
      this.endpoint = undefined;
      throw error;
    }));
    const credentials = await this.client.config.credentials();
    const host = endpoint.port === undefined ? endpoint.hostname : `${endpoint.hostname}:${endpoint.port}`;
    const path = `${endpoint.pathPrefix}${encodeKey(key)}`;
    const longDate = amzDate(options.signingDate);
    const scope = `${longDate.slice(0, 8)}/${endpoint.region}/s3/aws4_request`;
    const signed = signedHeaders({ host, ...lowerCased(headers) }, options.signableHeaders);
    const query: Record<string, string> = {
      'x-id': 'PutObject',
      'X-Amz-Content-Sha256': UNSIGNED_PAYLOAD,
      ...(credentials.sessionToken ? { 'X-Amz-Security-Token': credentials.sessionToken } : {}),
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': `${credentials.accessKeyId}/${scope}`,
      'X-Amz-Date': longDate,
      'X-Amz-Expires': String(options.expiresIn),
      'X-Amz-SignedHeaders': signed.names.join(';'),
    };
    const canonicalQuery = queryString(query);
    const canonical = `PUT\n${path}\n${canonicalQuery}\n${signed.lines}\n\n${signed.names.join(';')}\n${UNSIGNED_PAYLOAD}`;
    const stringToSign = `AWS4-HMAC-SHA256\n${longDate}\n${scope}\n${sha256Hex(canonical)}`;
    const signature = hmacHex(this.keys.keyFor(scope, credentials.secretAccessKey), stringToSign);
    return `${endpoint.protocol}//${host}${path}?${queryString({ ...query, 'X-Amz-Signature': signature })}`;
  }

  /** Signs a probe key the SDK's way and keeps everything before the key. */
  private async resolve(): Promise<ObjectEndpoint> {
    const probe = new URL(
      await getSignedUrl(this.client, new PutObjectCommand({ Bucket: this.bucket, Key: PROBE_KEY }), { expiresIn: 60 }),
    );
    if (!probe.pathname.endsWith(`/${PROBE_KEY}`)) throw new Error(`unexpected presigned URL shape: ${probe.pathname}`);
    const credential = probe.searchParams.get('X-Amz-Credential')?.split('/');
    const region = credential?.[2];
    if (!region) throw new Error('a presigned URL without a credential scope');
    return {
      protocol: probe.protocol,
      hostname: probe.hostname,
      port: probe.port ? Number(probe.port) : undefined,
      pathPrefix: probe.pathname.slice(0, -PROBE_KEY.length),
      region,
    };
  }
}

/** The SDK's escaping of a key in a path (`{Key+}`): each segment URI-encoded, `/` kept. */
const encodeKey = (key: string) => key.split('/').map(escapeUri).join('/');

/** RFC 3986 unreserved characters only, as the SDK and SigV4 escape. */
const escapeUri = (value: string) => encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

const queryString = (query: Record<string, string>) =>
  Object.keys(query)
    .sort()
    .map((name) => `${escapeUri(name)}=${escapeUri(query[name]!)}`)
    .join('&');

/**
 * The headers a presigned URL signs, sorted: every header left after hoisting (the SSE ones,
 * host, content-length) except content-type, which the S3 presigner signs only when asked to.
 */
function signedHeaders(headers: Readonly<Record<string, string>>, signable: ReadonlySet<string>): { names: string[]; lines: string } {
  const names = Object.keys(headers)
    .filter((name) => !(name.startsWith('x-amz-') && !name.startsWith('x-amz-server-side-encryption')))
    .filter((name) => name !== 'content-type' || signable.has(name))
    .sort();
  return { names, lines: names.map((name) => `${name}:${headers[name]!.trim().replace(/\s+/g, ' ')}`).join('\n') };
}

const lowerCased = (headers: Readonly<Record<string, string>>) =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
