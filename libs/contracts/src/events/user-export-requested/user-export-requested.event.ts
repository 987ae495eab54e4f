import { z } from 'zod';
import { defineEvent } from '../../common/envelope.js';
import { EventSubjects } from '../../subjects.js';

/**
 * POST /account/export was accepted: files builds the archive from a durable consumer, so a
 * build cut short by a crash or an unreachable service is retried until it is done.
 */
export const UserExportRequestedEvent = defineEvent(
  EventSubjects.exportRequested,
  z.object({
    userId: z.string().min(1).max(200),
    exportId: z.uuid(),
  }),
);
