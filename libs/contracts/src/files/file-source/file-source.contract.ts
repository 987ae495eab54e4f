import { z } from 'zod';
import { defineRequest } from '../../common/request-contract.js';
import { Subjects } from '../../subjects.js';
import { FileIdSchema } from '../file/file.schema.js';

/**
 * Where a service may read a confirmed file's bytes: chat calls it on the internal twin under its
 * own identity, on behalf of the file's owner (who is never taken from the body). NOT_FOUND
 * unless that user owns that confirmed file.
 */
export const FileSourceContract = defineRequest({
  subject: Subjects.files.source,
  request: z.object({ fileId: FileIdSchema }).strict(),
  reply: z.object({
    url: z.url({ protocol: /^https?$/ }),
    expiresAt: z.iso.datetime({ offset: true }),
    filename: z.string().min(1),
    contentType: z.string().min(1),
    size: z.number().int().nonnegative(),
    /** When the bytes were confirmed: a replaced file reads as a new version. */
    uploadedAt: z.iso.datetime({ offset: true }).optional(),
  }),
});
