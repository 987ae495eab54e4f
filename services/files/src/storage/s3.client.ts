import { CreateBucketCommand, HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import type { FilesEnv } from '../config/files.env.js';

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

export const s3Check = (s3: S3Client, bucket: string) => () => s3.send(new HeadBucketCommand({ Bucket: bucket }));

export async function ensureBucket(s3: S3Client, bucket: string): Promise<void> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
  } catch {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  }
}
