import { z } from 'zod';
import { defineRequest } from '../../common/request-contract.js';
import { Subjects } from '../../subjects.js';

/**
 * API.md `DELETE /account`. An account with a password proves it again with `password`; an
 * account without one (created through a social login) sends the `idToken` of a sign-in made
 * in the last few minutes (its `auth_time` is checked), as a fresh re-authentication.
 */
export const DeleteAccountRequestSchema = z
  .object({
    password: z.string().min(1).max(1_024).optional(),
    idToken: z.string().min(1).max(8_192).optional(),
  })
  .strict();
export type DeleteAccountRequest = z.infer<typeof DeleteAccountRequestSchema>;

export const DeleteAccountContract = defineRequest({
  subject: Subjects.auth.deleteAccount,
  request: DeleteAccountRequestSchema,
  reply: z.object({ userId: z.string().min(1), deletionRequestedAt: z.iso.datetime({ offset: true }) }),
});
