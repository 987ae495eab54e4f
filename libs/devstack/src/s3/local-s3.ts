/** s3rver's built-in account: the only credentials the local S3 knows (stack.ts hands them to services). */
export const LOCAL_S3_ACCESS_KEY = 'S3RVER';
export const LOCAL_S3_SECRET_KEY = 'S3RVER';
/** The KMS key id services name for SSE-KMS locally; the local S3 refuses any other, as KMS would. */
export const LOCAL_KMS_KEY_ID = 'alias/tasksensei-local';
