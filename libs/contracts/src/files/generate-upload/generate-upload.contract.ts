import { z } from 'zod';
import { defineRequest } from '../../common/request-contract.js';
import { Subjects } from '../../subjects.js';
import { FileIdSchema, PresignedPutSchema, UploadPartSchema } from '../file/file.schema.js';

/** S3's largest object: the bound of the schema; the plan's limit is the one enforced. */
export const MAX_OBJECT_BYTES = 5 * 1024 ** 4;

/** API.md `POST /generate`. Shape only: the type allow-list (415) and plan limits (413) are the service's. */
export const GenerateUploadRequestSchema = z
  .object({
    /** Any name the client has; the service keeps a sanitised one (no path, at most 255 bytes). */
    filename: z.string().min(1).max(1_024),
    contentType: z.string().min(1).max(255),
    size: z.number().int().positive().max(MAX_OBJECT_BYTES),
  })
  .strict();
export type GenerateUploadRequest = z.infer<typeof GenerateUploadRequestSchema>;

/**
 * Above the service's multipart threshold the file goes up in parts: `url`/`headers` are then
 * those of part 1, `multipart.parts` lists the first presigned parts (ask `files.v1.multipart.parts`
 * for the others, or for fresh URLs), and /complete takes every part's ETag.
 */
export const MultipartUploadSchema = z.object({
  partSize: z.number().int().positive(),
  partCount: z.number().int().positive(),
  parts: z.array(UploadPartSchema),
});

export const GenerateUploadReplySchema = PresignedPutSchema.extend({
  fileId: FileIdSchema,
  /** `users/{sub}/{fileId}/{safe-name}` */
  key: z.string().min(1),
  multipart: MultipartUploadSchema.optional(),
});
export type GenerateUploadReply = z.infer<typeof GenerateUploadReplySchema>;

/**
 * A presigned upload for the caller (gateway `POST /generate`, and the chat assistant's
 * `request_upload_link` tool, with the user's identity in the NATS headers).
 */
export const GenerateUploadContract = defineRequest({
  subject: Subjects.files.generateUpload,
  request: GenerateUploadRequestSchema,
  reply: GenerateUploadReplySchema,
});
