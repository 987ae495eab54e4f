import { DynamoEnvSchema, serviceEnvSchema } from '@tasksensei/platform';
import { z } from 'zod';

export const BillingEnvSchema = serviceEnvSchema(8085)
  .extend(DynamoEnvSchema.shape)
  .extend({
    /** The price sheet (JSON array of plans); defaults to the one shipped with the service. */
    PLANS_FILE: z.string().min(1).optional(),
  });
export type BillingEnv = z.infer<typeof BillingEnvSchema>;
