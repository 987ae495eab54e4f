import { z } from 'zod';
import { defineEvent } from '../../common/envelope.js';
import { EventSubjects } from '../../subjects.js';
import { LiveSubscriptionFields, MembershipSourceFields } from '../membership-source/membership-source.js';

/** A renewal payment failed: the member keeps `tier` while Stripe retries, with status `past_due`. */
export const MembershipPastDueEvent = defineEvent(
  EventSubjects.membershipPastDue,
  z.object({
    ...LiveSubscriptionFields,
    ...MembershipSourceFields,
  }),
);
