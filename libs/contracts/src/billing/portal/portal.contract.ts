import { z } from 'zod';
import { defineRequest } from '../../common/request-contract.js';
import { Subjects } from '../../subjects.js';

/** `POST /billing/portal`: where the caller manages (or cancels) the subscription. */
export const PortalContract = defineRequest({
  subject: Subjects.billing.portal,
  request: z.object({}).strict(),
  reply: z.object({ url: z.url() }),
});
