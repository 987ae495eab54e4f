import { FieldErrorSchema } from '@tasksensei/contracts';
import { z } from 'zod';

export const ProblemSchema = z.object({
  type: z.string().describe('https://tasksensei.dev/problems/<reason in kebab case>: one per reason, listed in x-problem-types'),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  reason: z
    .string()
    .optional()
    .describe('What went wrong, e.g. QUOTA_EXCEEDED (components.schemas.ProblemReason); absent on errors the framework answers'),
  errors: z.array(FieldErrorSchema).optional(),
});
