import { z } from 'zod';
import { defineEvent } from '../../common/envelope.js';
import { EventSubjects } from '../../subjects.js';
import { MembershipSourceFields } from '../membership-source/membership-source.js';

export const MembershipDeactivatedEvent = defineEvent(
  EventSubjects.membershipDeactivated,
  z.object({
    userId: z.string().min(1),
    tier: z.string().min(1),
    reason: z.string().min(1),
    stripeCustomerId: z.string().min(1).optional(),
    stripeSubscriptionId: z.string().min(1).optional(),
    ...MembershipSourceFields,
  }),
);
