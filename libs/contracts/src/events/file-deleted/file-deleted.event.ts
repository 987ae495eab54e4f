import { z } from 'zod';
import { defineEvent } from '../../common/envelope.js';
import { EventSubjects } from '../../subjects.js';

/** A confirmed file is gone (its owner deleted it): whatever was derived from it goes too. */
export const FileDeletedEvent = defineEvent(
  EventSubjects.fileDeleted,
  z.object({
    userId: z.string().min(1),
    fileId: z.string().min(1),
  }),
);
