import { z } from 'zod';
import { defineRequest } from '../../common/request-contract.js';
import { Subjects } from '../../subjects.js';

/** Largest webhook body the gateway forwards; base64 of it stays under NATS's 1 MiB payload. */
export const WEBHOOK_MAX_BYTES = 512 * 1024;

/**
 * API.md `POST /webhook`: the body exactly as received (base64, so not one byte changes before
 * the signature is checked) and the `Stripe-Signature` header.
 */
export const StripeWebhookContract = defineRequest({
  subject: Subjects.billing.webhook,
  request: z
    .object({
      payload: z.base64().max(Math.ceil(WEBHOOK_MAX_BYTES / 3) * 4),
      signature: z.string().max(8_192).optional(),
    })
    .strict(),
  reply: z.object({ received: z.literal(true), duplicate: z.boolean().optional() }),
});
