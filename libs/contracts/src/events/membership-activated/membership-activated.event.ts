import { z } from 'zod';
import { defineEvent } from '../../common/envelope.js';
import { EventSubjects } from '../../subjects.js';
import { MembershipSourceFields } from '../membership-source/membership-source.js';

export const MembershipActivatedEvent = defineEvent(
  EventSubjects.membershipActivated,
  z.object({
    userId: z.string().min(1),
    tier: z.string().min(1),
    stripeCustomerId: z.string().min(1),
    stripeSubscriptionId: z.string().min(1).optional(),
    currentPeriodEnd: z.iso.datetime({ offset: true }).optional(),
    /** `active` unless the subscription is in a trial. */
    status: z.enum(['active', 'trialing']).optional(),
    ...MembershipSourceFields,
  }),
);
