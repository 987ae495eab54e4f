import { z } from 'zod';
import { defineEvent } from '../../common/envelope.js';
import { EventSubjects } from '../../subjects.js';

export const FileUploadedEvent = defineEvent(
  EventSubjects.fileUploaded,
  z.object({
    userId: z.string().min(1),
    fileId: z.string().min(1),
    size: z.number().int().nonnegative(),
    contentType: z.string().min(1),
  }),
);
