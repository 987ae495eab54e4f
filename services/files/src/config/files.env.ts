import { DynamoEnvSchema, serviceEnvSchema } from '@tasksensei/platform';
import { z } from 'zod';

const MIB = 1024 * 1024;
const seconds = (fallback: number) =>
  z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 3600)
    .default(fallback);
const bytes = (fallback: number) =>
  z.coerce
    .number()
    .int()
    .min(5 * MIB)
    .max(5 * 1024 * MIB)
    .default(fallback);

export const FilesEnvSchema = serviceEnvSchema(8083)
  .extend(DynamoEnvSchema.shape)
  .extend({
    /** An S3-compatible endpoint (the local stack's S3); unset means AWS S3. */
    S3_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
    /** Where browsers reach that endpoint, when it differs (presigned URLs name it); defaults to S3_ENDPOINT. */
    S3_PUBLIC_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
    S3_BUCKET: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a valid S3 bucket name')
      .default('tasksensei-files'),
    S3_FORCE_PATH_STYLE: z.stringbool().default(false),
    /** Local stack only: create the bucket at start. In AWS it comes from deploy/aws. */
    S3_CREATE_BUCKET: z.stringbool().default(false),
    /**
     * The KMS key (id, ARN or alias) uploads are encrypted with (SSE-KMS): its headers are part of
     * every presigned upload. Unset, no SSE header is signed and the bucket's default encryption applies.
     */
    S3_SSE_KMS_KEY_ID: z.string().min(1).max(2_048).optional(),
    /** How long a presigned upload (or part) URL stays valid. */
    FILES_UPLOAD_URL_TTL_SECONDS: seconds(900),
    /** How often the service deletes stored objects no record pays for (older than the upload URL lifetime). */
    FILES_ORPHAN_SWEEP_INTERVAL_SECONDS: seconds(300),
    /** How long a presigned download URL stays valid. */
    FILES_DOWNLOAD_URL_TTL_SECONDS: seconds(300),
    /** How long an unconfirmed upload holds its quota (a part URL request extends it); then it is released. */
    FILES_RESERVATION_TTL_SECONDS: seconds(3_600),
    /** Files larger than this go up in parts. */
    FILES_MULTIPART_THRESHOLD_BYTES: bytes(8 * MIB),
    FILES_PART_SIZE_BYTES: bytes(8 * MIB),
    /** Unconfirmed uploads a user may hold at once. */
    FILES_MAX_PENDING_UPLOADS: z.coerce.number().int().min(1).max(1_000).default(100),
    /**
     * How long a user's plan limits are reused without asking billing. A membership change drops
     * them at once (users' membership-updated notification); this bounds a missed notification.
     */
    FILES_PLAN_CACHE_MS: z.coerce.number().int().min(0).max(3_600_000).default(60_000),
    /** How long the presigned link to an account export (and the file links inside it) stays valid. */
    FILES_EXPORT_URL_TTL_SECONDS: seconds(3_600),
    /** How long an account export is kept before it is deleted. */
    FILES_EXPORT_RETENTION_SECONDS: seconds(7 * 24 * 3600),
  })
  .refine((env) => env.FILES_RESERVATION_TTL_SECONDS >= env.FILES_UPLOAD_URL_TTL_SECONDS, {
    path: ['FILES_RESERVATION_TTL_SECONDS'],
    message: 'must be at least FILES_UPLOAD_URL_TTL_SECONDS (a reservation must outlive its upload URL)',
  });
export type FilesEnv = z.infer<typeof FilesEnvSchema>;

/** What the use cases need from the environment. */
export interface FilesSettings {
  readonly uploadUrlTtlSeconds: number;
  readonly downloadUrlTtlSeconds: number;
  readonly reservationTtlSeconds: number;
  readonly multipartThresholdBytes: number;
  readonly partSizeBytes: number;
  readonly maxPendingUploads: number;
  readonly exportUrlTtlSeconds: number;
  readonly exportRetentionSeconds: number;
}

export const filesSettings = (env: FilesEnv): FilesSettings => ({
  uploadUrlTtlSeconds: env.FILES_UPLOAD_URL_TTL_SECONDS,
  downloadUrlTtlSeconds: env.FILES_DOWNLOAD_URL_TTL_SECONDS,
  reservationTtlSeconds: env.FILES_RESERVATION_TTL_SECONDS,
  multipartThresholdBytes: env.FILES_MULTIPART_THRESHOLD_BYTES,
  partSizeBytes: env.FILES_PART_SIZE_BYTES,
  maxPendingUploads: env.FILES_MAX_PENDING_UPLOADS,
  exportUrlTtlSeconds: env.FILES_EXPORT_URL_TTL_SECONDS,
  exportRetentionSeconds: env.FILES_EXPORT_RETENTION_SECONDS,
});
