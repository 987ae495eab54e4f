import { z } from 'zod';
import { defineRequest } from '../../common/request-contract.js';
import { Subjects } from '../../subjects.js';
import { FileIdSchema, FileSchema, MAX_PART_NUMBER, PartNumberSchema } from '../file/file.schema.js';

export const CompletedPartSchema = z.object({
  partNumber: PartNumberSchema,
  /** The ETag header the part's PUT answered. */
  etag: z.string().min(1).max(200),
});

/** The body of `POST /files/{fileId}/complete`: nothing for a single PUT, every part for a multipart upload. */
export const CompleteUploadBodySchema = z.object({ parts: z.array(CompletedPartSchema).min(1).max(MAX_PART_NUMBER).optional() }).strict();

export const CompleteUploadRequestSchema = CompleteUploadBodySchema.extend({ fileId: FileIdSchema }).strict();
export type CompleteUploadRequest = z.infer<typeof CompleteUploadRequestSchema>;

/**
 * Confirms an upload: the service checks that the object exists with the reserved size and
 * type, marks the file uploaded and publishes `file.uploaded`. Repeating it is harmless.
 */
export const CompleteUploadContract = defineRequest({
  subject: Subjects.files.complete,
  request: CompleteUploadRequestSchema,
  reply: FileSchema,
});
