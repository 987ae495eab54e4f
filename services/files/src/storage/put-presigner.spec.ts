import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { PutPresigner } from './put-presigner.js';

const SIGNED = new Set(['content-type', 'content-length']);
const DATE = new Date('2026-03-04T05:06:07Z');

const clients = {
  'a local store, path style': new S3Client({
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:9000',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
  }),
  'AWS, virtual-hosted, with a session token': new S3Client({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret/example', sessionToken: 'token+with/odd=chars' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
  }),
};

const keys = ['users/abc/123/report.pdf', "users/~YS9i/9f1c/My File (1) ü*!'.pdf", 'users/x/y/a+b=c&d;e.txt'];

describe('PutPresigner', () => {
  for (const [name, client] of Object.entries(clients)) {
    for (const kms of [undefined, 'alias/tasksensei']) {
      it(`signs the URL getSignedUrl signs, byte for byte: ${name}${kms ? ', SSE-KMS' : ''}`, async () => {
        const presigner = new PutPresigner(client, 'tasksensei-files');
        for (const key of keys) {
          const sse = kms ? { ServerSideEncryption: 'aws:kms' as const, SSEKMSKeyId: kms } : {};
          const expected = await getSignedUrl(
            client,
            new PutObjectCommand({ Bucket: 'tasksensei-files', Key: key, ContentType: 'application/pdf', ContentLength: 1024, ...sse }),
            {
              expiresIn: 900,
              signingDate: DATE,
              signableHeaders: SIGNED,
            },
          );
          const headers = {
            'Content-Type': 'application/pdf',
            'Content-Length': '1024',
            ...(kms ? { 'x-amz-server-side-encryption': 'aws:kms', 'x-amz-server-side-encryption-aws-kms-key-id': kms } : {}),
          };
          expect(await presigner.presign(key, headers, { signingDate: DATE, expiresIn: 900, signableHeaders: SIGNED })).toBe(expected);
        }
      });
    }
  }
});
