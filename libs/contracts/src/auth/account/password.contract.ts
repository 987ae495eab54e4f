import { z } from 'zod';
import { defineRequest } from '../../common/request-contract.js';
import { Subjects } from '../../subjects.js';
import { MailTokenSchema } from './email.contract.js';

/** API.md `POST /password/forgot`: the same answer whether or not the account exists. */
export const ForgotPasswordRequestSchema = z.object({ email: z.string().trim().max(254) }).strict();
export const ForgotPasswordContract = defineRequest({
  subject: Subjects.auth.forgotPassword,
  request: ForgotPasswordRequestSchema.extend({ remoteAddress: z.string().max(64).optional() }),
  reply: z.object({ accepted: z.literal(true) }),
});

/** API.md `POST /password/reset`. */
export const ResetPasswordRequestSchema = z.object({ token: MailTokenSchema, password: z.string().max(1_024) }).strict();
export const ResetPasswordContract = defineRequest({
  subject: Subjects.auth.resetPassword,
  request: ResetPasswordRequestSchema,
  reply: z.object({ userId: z.string() }),
});

/** API.md `POST /account/password`; `currentSessionId` is the caller's session (from its verified token), kept. */
export const ChangePasswordRequestSchema = z
  .object({ currentPassword: z.string().max(1_024), newPassword: z.string().max(1_024) })
  .strict();
export const ChangePasswordContract = defineRequest({
  subject: Subjects.auth.changePassword,
  request: ChangePasswordRequestSchema.extend({ currentSessionId: z.string().max(200).optional() }),
  reply: z.object({ revokedSessions: z.number().int().min(0) }),
});
