import { z } from 'zod';
import { defineEvent } from '../../common/envelope.js';
import { EventSubjects } from '../../subjects.js';

export const UserRegisteredEvent = defineEvent(
  EventSubjects.userRegistered,
  z.object({ userId: z.string().min(1), email: z.email() }),
);
