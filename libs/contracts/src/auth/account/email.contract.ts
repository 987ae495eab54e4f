import { z } from 'zod';
import { defineRequest } from '../../common/request-contract.js';
import { Subjects } from '../../subjects.js';

/** A token from a mail link: opaque, URL-safe. */
export const MailTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, 'must be the token from the mail link');

/** API.md `POST /account/verify-email` (public: the token is the proof). */
export const VerifyEmailRequestSchema = z.object({ token: MailTokenSchema }).strict();
export const VerifyEmailContract = defineRequest({
  subject: Subjects.auth.verifyEmail,
  request: VerifyEmailRequestSchema,
  reply: z.object({ userId: z.string(), email: z.string() }),
});

/** `POST /account/verify-email/resend`: a fresh verification mail for the caller's unverified address. */
export const ResendVerificationContract = defineRequest({
  subject: Subjects.auth.resendVerification,
  request: z.object({}).strict(),
  reply: z.object({ sent: z.boolean() }),
});

/** `POST /account/email`: the new address gets a verification link; the change applies when it is followed. */
export const ChangeEmailRequestSchema = z.object({ email: z.string().trim().max(254), currentPassword: z.string().max(1_024) }).strict();
export const ChangeEmailContract = defineRequest({
  subject: Subjects.auth.changeEmail,
  request: ChangeEmailRequestSchema,
  reply: z.object({ sent: z.boolean() }),
});
