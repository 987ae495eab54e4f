import { DynamoEnvSchema, serviceEnvSchema } from '@tasksensei/platform';
import { z } from 'zod';
import { UpstreamsEnvSchema } from '../federation/upstreams.js';

const csv = z.string().transform((value) =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);

export const AuthEnvSchema = serviceEnvSchema(8081)
  .extend(DynamoEnvSchema.shape)
  .extend({
    PUBLIC_URL: z
      .url({ protocol: /^https?$/ })
      .default('http://localhost:8080')
      .transform((u) => u.replace(/\/+$/, '')),
    /** An external issuer (Cognito user pool, any OIDC) instead of the built-in provider. */
    OIDC_ISSUER_URL: z.url({ protocol: /^https?$/ }).optional(),
    OIDC_CLIENT_ID: z.string().min(1).max(200).optional(),
    /** Comma-separated; the first is what `/config` offers browsers. Default PUBLIC_URL/callback. */
    OIDC_REDIRECT_URIS: csv.pipe(z.array(z.url({ protocol: /^https?$/ })).min(1)).optional(),
    OIDC_SCOPES: csv
      .pipe(z.array(z.string().regex(/^[\x21\x23-\x5b\x5d-\x7e]+$/)).min(1))
      .default(['openid', 'email', 'profile', 'offline_access']),
    DATA_DIR: z.string().min(1).default('.data'),
    /** Signing and cookie keys (JSON); generated on first start when missing. Default DATA_DIR/auth/keys.json. */
    OIDC_KEYS_FILE: z.string().min(1).optional(),
    /** Audience (RFC 8707 resource) of the built-in issuer's JWT access tokens. */
    API_AUDIENCE: z.string().min(1).default('urn:tasksensei:api'),
    ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(900),
    REFRESH_TOKEN_TTL_SECONDS: z.coerce
      .number()
      .int()
      .min(300)
      .max(31_536_000)
      .default(30 * 86_400),
    SESSION_TTL_SECONDS: z.coerce
      .number()
      .int()
      .min(300)
      .max(31_536_000)
      .default(14 * 86_400),
    /** A rotated refresh token still answers (with the same new tokens) for this long: two tabs refreshing at once. */
    REFRESH_GRACE_SECONDS: z.coerce.number().int().min(0).max(60).default(5),
    LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(1_000).default(10),
    LOGIN_IP_MAX_FAILURES: z.coerce.number().int().min(1).max(100_000).default(100),
    LOGIN_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
    LOGIN_LOCK_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
    /** Failures of one account from all addresses (in LOGIN_WINDOW_SECONDS) before its sign-ins slow down. */
    LOGIN_ACCOUNT_DELAY_AFTER: z.coerce.number().int().min(1).max(1_000).default(5),
    /** The cap of that slowing (ms); it doubles from 250 ms per further failure. */
    LOGIN_ACCOUNT_DELAY_MAX_MS: z.coerce.number().int().min(0).max(4_000).default(2_000),
    /** The sender of account mails (verification, password reset); a verified SES identity in production. */
    MAIL_FROM: z.string().min(3).max(320).default('TaskSensei <no-reply@tasksensei.local>'),
    /** SMTP server for account mails (the local stack's); unset means Amazon SES in AWS_REGION. */
    SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
    /** Optional SES configuration set (bounce and complaint tracking). */
    SES_CONFIGURATION_SET: z.string().min(1).max(64).optional(),
    /** DELETE /account for an account without a password: the ID token's sign-in (`auth_time`) may be this old. */
    ACCOUNT_DELETE_FRESH_SIGN_IN_SECONDS: z.coerce.number().int().min(30).max(3_600).default(300),
    /** Social login: JSON array of upstream OpenID providers (see federation/upstreams.ts). */
    OIDC_UPSTREAMS: UpstreamsEnvSchema.default([]),
  })
  .refine((env) => !env.OIDC_ISSUER_URL || env.OIDC_CLIENT_ID, {
    path: ['OIDC_CLIENT_ID'],
    message: 'is required when OIDC_ISSUER_URL is set',
  });
export type AuthEnv = z.infer<typeof AuthEnvSchema>;

export const BUILT_IN_CLIENT_ID = 'tasksensei-web';
