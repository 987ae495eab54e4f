import { z } from 'zod';
import { defineRequest } from '../../common/request-contract.js';
import { Subjects } from '../../subjects.js';
import { FileIdSchema } from '../file/file.schema.js';

/** Gives up a pending upload (its parts, its record, its reservation); an uploaded file is a Conflict. */
export const AbortUploadContract = defineRequest({
  subject: Subjects.files.abortUpload,
  request: z.object({ fileId: FileIdSchema }).strict(),
  reply: z.object({ aborted: z.literal(true) }),
});
