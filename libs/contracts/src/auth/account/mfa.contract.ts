import { z } from 'zod';
import { defineRequest } from '../../common/request-contract.js';
import { Subjects } from '../../subjects.js';

export const TotpCodeSchema = z
  .string()
  .trim()
  .regex(/^\d{6}$/, 'must be the 6-digit code from the authenticator app');

/** API.md `POST /account/mfa/totp`: a new secret, not active until confirmed with a code. */
export const TotpStartContract = defineRequest({
  subject: Subjects.auth.totpStart,
  request: z.object({}).strict(),
  reply: z.object({ secret: z.string(), otpauthUrl: z.string() }),
});

/** API.md `POST /account/mfa/totp/enable`. */
export const TotpEnableRequestSchema = z.object({ code: TotpCodeSchema }).strict();
export const TotpEnableContract = defineRequest({
  subject: Subjects.auth.totpEnable,
  request: TotpEnableRequestSchema,
  reply: z.object({ recoveryCodes: z.array(z.string()).length(10) }),
});

/** API.md `DELETE /account/mfa/totp`: a current code (or a recovery code) turns it off. */
export const TotpDisableRequestSchema = z.object({ code: z.string().trim().min(6).max(32) }).strict();
export const TotpDisableContract = defineRequest({
  subject: Subjects.auth.totpDisable,
  request: TotpDisableRequestSchema,
  reply: z.object({ disabled: z.literal(true) }),
});

/** `GET /account/security`: what the account page shows. */
export const MfaStatusContract = defineRequest({
  subject: Subjects.auth.mfaStatus,
  request: z.object({}).strict(),
  reply: z.object({
    email: z.string(),
    emailVerified: z.boolean(),
    totpEnabled: z.boolean(),
    recoveryCodesLeft: z.number().int().min(0),
    hasPassword: z.boolean(),
  }),
});
