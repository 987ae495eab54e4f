import { z } from 'zod';
import { defineRequest } from '../../common/request-contract.js';
import { Subjects } from '../../subjects.js';
import { FileSchema } from '../file/file.schema.js';

/** The caller's files, newest first (API.md `GET /files`). */
export const ListFilesContract = defineRequest({
  subject: Subjects.files.list,
  request: z.object({}).strict(),
  reply: z.array(FileSchema),
});
