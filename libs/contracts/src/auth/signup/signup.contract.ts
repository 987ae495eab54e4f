import { z } from 'zod';
import { defineRequest } from '../../common/request-contract.js';
import { Subjects } from '../../subjects.js';

/** API.md `POST /signup`; policy checks (strength, common passwords) live in the auth service. */
export const SignupRequestSchema = z
  .object({
    email: z.string().trim().max(254),
    password: z.string().max(1_024),
    displayName: z.string().trim().min(1).max(100).optional(),
  })
  .strict();
export type SignupRequest = z.infer<typeof SignupRequestSchema>;

export const SignupContract = defineRequest({
  subject: Subjects.auth.signup,
  request: SignupRequestSchema,
  reply: z.object({ userId: z.string() }),
});
