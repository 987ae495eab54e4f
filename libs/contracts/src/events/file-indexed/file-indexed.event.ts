import { z } from 'zod';
import { defineEvent } from '../../common/envelope.js';
import { EventSubjects } from '../../subjects.js';

/** API.md `indexStatus`: `pending` until the assistant has read the file. */
export const IndexStatusSchema = z.enum(['pending', 'indexed', 'unsupported', 'failed']);
export type IndexStatus = z.infer<typeof IndexStatusSchema>;

/**
 * Published by chat when it has read a file (or could not). Files stores the status on the
 * file record; `attempt` orders deliveries (a re-index of the same file carries a later one), so
 * an older status never overwrites a newer one.
 */
export const FileIndexedEvent = defineEvent(
  EventSubjects.fileIndexed,
  z.object({
    userId: z.string().min(1),
    fileId: z.string().min(1),
    status: IndexStatusSchema.exclude(['pending']),
    /** Chunks stored for retrieval. */
    chunks: z.number().int().nonnegative().optional(),
    /** Pages (PDF) or characters read, after the plan's limit. */
    pages: z.number().int().nonnegative().optional(),
    characters: z.number().int().nonnegative().optional(),
    /** The plan's limit cut the file short. */
    truncated: z.boolean().optional(),
    /** Why the file was not read, in words for its owner. */
    error: z.string().max(500).optional(),
    /** When chat started this reading (ISO): the newest reading wins on the file record. */
    attempt: z.iso.datetime({ offset: true }),
  }),
);
