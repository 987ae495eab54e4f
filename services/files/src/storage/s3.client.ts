import { CreateBucketCommand, HeadBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type { FilesEnv } from '../config/files.env.js';
import { OBJECT_KEY_PREFIX } from '../upload/object-key.js';

/**
 * Checksums only where S3 requires them: the default (CRC32 on every PutObject/UploadPart) would
 * put a checksum of an empty body into presigned URLs, which no browser upload could match.
 */
export function createS3(env: FilesEnv, endpoint = env.S3_ENDPOINT): S3Client {
  return new S3Client({
    region: env.AWS_REGION,
    ...(endpoint ? { endpoint } : {}),
    forcePathStyle: env.S3_FORCE_PATH_STYLE,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/**
 * Readiness: a one-key listing under the service's own prefix. In AWS the role may list only
 * that prefix (deploy/aws, FilesKeyPrefix), so HeadBucket, an unprefixed ListBucket, is denied.
 * The listing names a folder that holds nothing, so it costs the same with a million objects
 * (a store that walks folders, as the local one does, would otherwise walk every user's files).
 */
export const s3Check = (s3: S3Client, bucket: string) => () =>
  s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${OBJECT_KEY_PREFIX}.readiness/`, MaxKeys: 1 }));

export async function ensureBucket(s3: S3Client, bucket: string): Promise<void> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
  } catch {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  }
}
