import { z } from 'zod';
import { defineRequest } from '../../common/request-contract.js';
import { Subjects } from '../../subjects.js';
import { FileIdSchema } from '../file/file.schema.js';

/** A presigned GET of an uploaded file (API.md `GET /files/{fileId}/download`). */
export const DownloadFileContract = defineRequest({
  subject: Subjects.files.download,
  request: z.object({ fileId: FileIdSchema }).strict(),
  reply: z.object({ url: z.url({ protocol: /^https?$/ }), expiresAt: z.iso.datetime({ offset: true }) }),
});
