import { DynamoEnvSchema, serviceEnvSchema } from '@tasksensei/platform';
import { z } from 'zod';

export const FilesEnvSchema = serviceEnvSchema(8083)
  .extend(DynamoEnvSchema.shape)
  .extend({
    /** An S3-compatible endpoint (the local stack's s3rver); unset means AWS S3. */
    S3_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
    S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a valid S3 bucket name').default('tasksensei-files'),
    S3_FORCE_PATH_STYLE: z.stringbool().default(false),
    /** Local stack only: create the bucket at start. In AWS it comes from deploy/aws. */
    S3_CREATE_BUCKET: z.stringbool().default(false),
  });
export type FilesEnv = z.infer<typeof FilesEnvSchema>;
