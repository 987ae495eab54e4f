import { DynamoEnvSchema, serviceEnvSchema } from '@tasksensei/platform';
import { z } from 'zod';

export const ChatEnvSchema = serviceEnvSchema(8084)
  .extend(DynamoEnvSchema.shape)
  .extend({
    CHROMA_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:8000'),
  });
export type ChatEnv = z.infer<typeof ChatEnvSchema>;
