import { z } from 'zod';
import { defineEvent } from '../../common/envelope.js';
import { EventSubjects } from '../../subjects.js';

/**
 * The account's email was proved by its verification link: at sign-up, or a new address after
 * a change (which takes effect only then). `verifiedAt` orders changes: an older one never wins.
 */
export const UserEmailVerifiedEvent = defineEvent(
  EventSubjects.userEmailVerified,
  z.object({
    userId: z.string().min(1),
    email: z.email(),
    verifiedAt: z.iso.datetime({ offset: true }),
  }),
);
