import { DynamoEnvSchema, serviceEnvSchema } from '@tasksensei/platform';
import { z } from 'zod';

const csv = z.string().transform((value) => value.split(',').map((s) => s.trim()).filter(Boolean));

export const AuthEnvSchema = serviceEnvSchema(8081)
  .extend(DynamoEnvSchema.shape)
  .extend({
    PUBLIC_URL: z.url({ protocol: /^https?$/ }).default('http://localhost:8080').transform((u) => u.replace(/\/+$/, '')),
    /** An external issuer (Cognito user pool, any OIDC) instead of the built-in provider. */
    OIDC_ISSUER_URL: z.url({ protocol: /^https?$/ }).optional(),
    OIDC_CLIENT_ID: z.string().min(1).max(200).optional(),
    /** Comma-separated; the first is what `/config` offers browsers. Default PUBLIC_URL/callback. */
    OIDC_REDIRECT_URIS: csv.pipe(z.array(z.url({ protocol: /^https?$/ })).min(1)).optional(),
    OIDC_SCOPES: csv.pipe(z.array(z.string().regex(/^[\x21\x23-\x5b\x5d-\x7e]+$/)).min(1)).default(['openid', 'email', 'profile', 'offline_access']),
  })
  .refine((env) => !env.OIDC_ISSUER_URL || env.OIDC_CLIENT_ID, {
    path: ['OIDC_CLIENT_ID'],
    message: 'is required when OIDC_ISSUER_URL is set',
  });
export type AuthEnv = z.infer<typeof AuthEnvSchema>;

export const BUILT_IN_CLIENT_ID = 'tasksensei-web';
