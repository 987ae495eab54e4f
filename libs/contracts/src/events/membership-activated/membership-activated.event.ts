import { z } from 'zod';
import { defineEvent } from '../../common/envelope.js';
import { EventSubjects } from '../../subjects.js';
import { LiveSubscriptionFields, MembershipSourceFields } from '../membership-source/membership-source.js';

export const MembershipActivatedEvent = defineEvent(
  EventSubjects.membershipActivated,
  z.object({
    ...LiveSubscriptionFields,
    /** `active` unless the subscription is in a trial. */
    status: z.enum(['active', 'trialing']).optional(),
    ...MembershipSourceFields,
  }),
);
