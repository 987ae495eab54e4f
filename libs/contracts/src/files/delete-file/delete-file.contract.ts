import { z } from 'zod';
import { defineRequest } from '../../common/request-contract.js';
import { Subjects } from '../../subjects.js';
import { FileIdSchema } from '../file/file.schema.js';

/** Deletes the object and the record and gives the bytes back to the quota (API.md `DELETE /files/{fileId}`). */
export const DeleteFileContract = defineRequest({
  subject: Subjects.files.delete,
  request: z.object({ fileId: FileIdSchema }).strict(),
  reply: z.object({ deleted: z.literal(true) }),
});
