import { DynamoEnvSchema, serviceEnvSchema } from '@tasksensei/platform';
import type { z } from 'zod';

export const UsersEnvSchema = serviceEnvSchema(8082).extend(DynamoEnvSchema.shape);
export type UsersEnv = z.infer<typeof UsersEnvSchema>;
