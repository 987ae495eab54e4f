import { z } from 'zod';
import { defineRequest } from '../../common/request-contract.js';
import { Subjects } from '../../subjects.js';
import { FileIdSchema, PartNumberSchema, UploadPartSchema } from '../file/file.schema.js';

export const MAX_PARTS_PER_REQUEST = 100;

export const UploadPartsBodySchema = z.object({ partNumbers: z.array(PartNumberSchema).min(1).max(MAX_PARTS_PER_REQUEST) }).strict();

/**
 * Fresh presigned URLs for parts of a pending multipart upload: a client asks as it goes, so a
 * long upload never meets an expired URL. Each call also extends the upload's reservation.
 */
export const UploadPartsContract = defineRequest({
  subject: Subjects.files.uploadParts,
  request: UploadPartsBodySchema.extend({ fileId: FileIdSchema }).strict(),
  reply: z.object({ parts: z.array(UploadPartSchema) }),
});
