import { z } from 'zod';
import { defineEvent } from '../../common/envelope.js';
import { EventSubjects } from '../../subjects.js';
import { MembershipSourceFields } from '../membership-source/membership-source.js';

/** A renewal payment failed: the member keeps `tier` while Stripe retries, with status `past_due`. */
export const MembershipPastDueEvent = defineEvent(
  EventSubjects.membershipPastDue,
  z.object({
    userId: z.string().min(1),
    tier: z.string().min(1),
    stripeCustomerId: z.string().min(1),
    stripeSubscriptionId: z.string().min(1).optional(),
    currentPeriodEnd: z.iso.datetime({ offset: true }).optional(),
    ...MembershipSourceFields,
  }),
);
