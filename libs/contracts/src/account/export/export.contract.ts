import { z } from 'zod';
import { defineRequest } from '../../common/request-contract.js';
import { Subjects } from '../../subjects.js';

export const ExportIdSchema = z.uuid();

/** API.md `POST /account/export` -> 202 `{exportId}`: built in the background by files. */
export const StartExportContract = defineRequest({
  subject: Subjects.files.startExport,
  request: z.object({}).strict(),
  reply: z.object({ exportId: ExportIdSchema }),
});

export const ExportStatusSchema = z.object({
  status: z.enum(['pending', 'ready']),
  /** A presigned GET of the zip archive, only when ready. */
  url: z.url({ protocol: /^https?$/ }).optional(),
  expiresAt: z.iso.datetime({ offset: true }).optional(),
});
export type ExportStatus = z.infer<typeof ExportStatusSchema>;

/** API.md `GET /account/exports/{exportId}`; another user's export is NOT_FOUND. */
export const GetExportContract = defineRequest({
  subject: Subjects.files.getExport,
  request: z.object({ exportId: ExportIdSchema }).strict(),
  reply: ExportStatusSchema,
});
