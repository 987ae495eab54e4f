import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { SigV4Verifier, type SignedRequest } from './sigv4-verifier.js';

// The worked examples of AWS's "Authenticating Requests (AWS Signature Version 4)" for S3.
const AWS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const SIGNED_AT = new Date(Date.UTC(2013, 4, 24));

const verifier = new SigV4Verifier(new Map([[AWS_KEY, AWS_SECRET]]));
const minutesAfter = (minutes: number) => new Date(SIGNED_AT.getTime() + minutes * 60_000);

function fromUrl(url: string, headers: Record<string, string> = {}, method = 'GET'): SignedRequest {
  const parsed = new URL(url);
  const query: Record<string, string> = {};
  for (const pair of parsed.search.slice(1).split('&').filter(Boolean)) {
    const [name, value = ''] = pair.split('=');
    query[decodeURIComponent(name!)] = decodeURIComponent(value);
  }
  return { method, rawPath: parsed.pathname, query, headers: { host: parsed.host, ...headers } };
}

const presignedExample =
  'https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request' +
  '&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404';

describe('SigV4Verifier', () => {
  it("accepts AWS's presigned GET example until it expires, and not after", async () => {
    await expect(verifier.verify(fromUrl(presignedExample), minutesAfter(60))).resolves.toMatchObject({
      mode: 'query',
      accessKeyId: AWS_KEY,
    });
    await expect(verifier.verify(fromUrl(presignedExample), minutesAfter(24 * 60 + 1))).rejects.toMatchObject({
      status: 403,
      message: 'Request has expired',
    });
  });

  it("accepts AWS's signed-header GET example, within the allowed clock skew", async () => {
    const request: SignedRequest = {
      method: 'GET',
      rawPath: '/test.txt',
      query: {},
      headers: {
        host: 'examplebucket.s3.amazonaws.com',
        range: 'bytes=0-9',
        'x-amz-content-sha256': EMPTY_SHA256,
        'x-amz-date': '20130524T000000Z',
        authorization:
          'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,' +
          'Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
      },
    };
    await expect(verifier.verify(request, minutesAfter(5))).resolves.toMatchObject({ mode: 'header', payloadHash: EMPTY_SHA256 });
    await expect(verifier.verify(request, minutesAfter(16))).rejects.toMatchObject({ status: 403, code: 'RequestTimeTooSkewed' });
    await expect(
      verifier.verify({ ...request, headers: { ...request.headers, range: 'bytes=0-99' } }, minutesAfter(5)),
    ).rejects.toMatchObject({ code: 'SignatureDoesNotMatch' });
  });

  it.each([
    ['a tampered signature', (url: string) => url.replace(/.$/, (c) => (c === '4' ? '5' : '4'))],
    ['another key', (url: string) => url.replace('/test.txt', '/other.txt')],
    ['another bucket host', (url: string) => url.replace('examplebucket', 'otherbucket')],
    ['a longer expiry', (url: string) => url.replace('X-Amz-Expires=86400', 'X-Amz-Expires=86401')],
  ])('refuses %s with 403', async (_label, change) => {
    await expect(verifier.verify(fromUrl(change(presignedExample)), minutesAfter(1))).rejects.toMatchObject({ status: 403 });
  });

  it('refuses unknown keys, anonymous requests and unsigned x-amz-* headers', async () => {
    await expect(
      verifier.verify(fromUrl(presignedExample.replace('AKIAIOSFODNN7EXAMPLE', 'AKIAOTHER')), minutesAfter(1)),
    ).rejects.toMatchObject({ code: 'InvalidAccessKeyId' });
    await expect(verifier.verify(fromUrl('https://examplebucket.s3.amazonaws.com/test.txt'), minutesAfter(1))).rejects.toMatchObject({
      status: 403,
      code: 'AccessDenied',
    });
    const withCopy = fromUrl(presignedExample, { 'x-amz-copy-source': '/examplebucket/secret.txt' }, 'PUT');
    await expect(verifier.verify(withCopy, minutesAfter(1))).rejects.toMatchObject({
      status: 403,
      message: expect.stringContaining('not signed'),
    });
  });

  it('checks what the SDK signer signs: a presigned PUT with content type, length and SSE headers', async () => {
    const signer = new SignatureV4({
      service: 's3',
      region: 'eu-west-1',
      credentials: { accessKeyId: AWS_KEY, secretAccessKey: AWS_SECRET },
      sha256: Sha256,
      uriEscapePath: false,
    });
    const headers = {
      host: '127.0.0.1:4568',
      'content-type': 'image/png',
      'content-length': '1234',
      'x-amz-server-side-encryption': 'aws:kms',
    };
    const signed = await signer.presign(
      {
        method: 'PUT',
        protocol: 'http:',
        hostname: '127.0.0.1',
        port: 4568,
        path: '/bucket/users/u1/f%20%C3%A9.png',
        query: { 'x-id': 'PutObject' },
        headers: { ...headers, 'X-Amz-Content-Sha256': 'UNSIGNED-PAYLOAD' },
      },
      {
        signingDate: SIGNED_AT,
        expiresIn: 900,
        signableHeaders: new Set(['content-type', 'content-length']),
        unhoistableHeaders: new Set(['x-amz-server-side-encryption']),
      },
    );
    const request: SignedRequest = { method: 'PUT', rawPath: signed.path, query: signed.query as Record<string, string>, headers };
    await expect(verifier.verify(request, minutesAfter(14))).resolves.toMatchObject({ payloadHash: 'UNSIGNED-PAYLOAD' });
    await expect(verifier.verify({ ...request, headers: { ...headers, 'content-length': '1235' } }, minutesAfter(1))).rejects.toMatchObject(
      { code: 'SignatureDoesNotMatch' },
    );
    await expect(
      verifier.verify({ ...request, headers: { ...headers, 'content-type': 'text/html' } }, minutesAfter(1)),
    ).rejects.toMatchObject({ code: 'SignatureDoesNotMatch' });
    await expect(verifier.verify(request, minutesAfter(16))).rejects.toMatchObject({ message: 'Request has expired' });
  });
});

/** The hash the SDK's signer takes: SHA-256, or HMAC-SHA-256 when given a key. */
class Sha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: string | Uint8Array) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', secret);
  }
  update(data: Uint8Array | string) {
    this.hash.update(data);
  }
  digest() {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
  reset() {}
}
