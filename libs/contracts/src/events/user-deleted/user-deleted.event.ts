import { z } from 'zod';
import { defineEvent } from '../../common/envelope.js';
import { EventSubjects } from '../../subjects.js';

/**
 * API.md `user.deleted`: the account is closed and sign-in already refused. Every service erases
 * what it holds for `userId` with its own durable consumer, idempotently (a redelivery finds
 * nothing left and changes nothing). The event id is `user.deleted:<userId>`, so a second
 * DELETE /account is dropped by the stream's duplicate window.
 */
export const UserDeletedEvent = defineEvent(
  EventSubjects.userDeleted,
  z.object({
    userId: z.string().min(1).max(200),
  }),
);

export const userDeletedEventId = (userId: string) => `user.deleted:${userId}`;
