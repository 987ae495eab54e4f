import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { S3RequestPresigner, getSignedUrl } from '@aws-sdk/s3-request-presigner';

/** Where a bucket's objects live, as the SDK resolved it once: scheme, host and path before the key. */
interface ObjectEndpoint {
  readonly protocol: string;
  readonly hostname: string;
  readonly port: number | undefined;
  readonly pathPrefix: string;
  readonly region: string;
}

const PROBE_KEY = 'presign-probe';

/**
 * Presigned PUT URLs at a fraction of `getSignedUrl`'s cost. That function runs the client's
 * whole middleware stack for every URL: input serialization and endpoint resolution by the
 * rules engine, about three quarters of its time. The endpoint of an object depends only on
 * the bucket, so it is resolved once (by `getSignedUrl` itself, for a probe key); each URL then
 * is the request S3 would get, built from that endpoint, and signed by the same
 * `S3RequestPresigner` (the same hoisting of headers, the same SigV4). put-presigner.spec.ts
 * checks the URLs equal `getSignedUrl`'s, byte for byte.
 */
export class PutPresigner {
  private endpoint?: Promise<ObjectEndpoint>;
  private signer?: S3RequestPresigner;

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
    this.signer ??= new S3RequestPresigner({ ...this.client.config, region: () => Promise.resolve(endpoint.region) });
    const host = endpoint.port === undefined ? endpoint.hostname : `${endpoint.hostname}:${endpoint.port}`;
    const request = {
      method: 'PUT',
      protocol: endpoint.protocol,
      hostname: endpoint.hostname,
      ...(endpoint.port === undefined ? {} : { port: endpoint.port }),
      path: `${endpoint.pathPrefix}${encodeKey(key)}`,
      query: { 'x-id': 'PutObject' } as Record<string, string>,
      headers: { host, ...lowerCased(headers) },
    };
    const signed = await this.signer.presign(request, {
      signingDate: options.signingDate,
      expiresIn: options.expiresIn,
      signableHeaders: new Set(options.signableHeaders),
    });
    return `${signed.protocol}//${host}${signed.path}?${queryString(signed.query as Record<string, string>)}`;
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

const lowerCased = (headers: Readonly<Record<string, string>>) =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
