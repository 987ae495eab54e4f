import { FieldErrorSchema } from '@tasksensei/contracts';
import { z } from 'zod';

export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  errors: z.array(FieldErrorSchema).optional(),
});
