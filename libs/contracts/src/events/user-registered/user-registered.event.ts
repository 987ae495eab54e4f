import { z } from 'zod';
import { defineEvent } from '../../common/envelope.js';
import { EventSubjects } from '../../subjects.js';

export const UserRegisteredEvent = defineEvent(
  EventSubjects.userRegistered,
  z.object({
    userId: z.string().min(1),
    email: z.email(),
    /** The name given at sign-up (or by the upstream identity provider), when there is one. */
    displayName: z.string().trim().min(1).max(100).optional(),
  }),
);
