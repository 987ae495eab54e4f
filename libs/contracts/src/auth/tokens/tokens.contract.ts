import { z } from 'zod';
import { defineRequest } from '../../common/request-contract.js';
import { Subjects } from '../../subjects.js';

/** What the gateway returns for `/auth` and `/refresh`; the refresh token goes into a cookie. */
export const TokenSetSchema = z.object({
  access_token: z.string().min(1),
  id_token: z.string().min(1),
  token_type: z.literal('Bearer'),
  expires_in: z.number().int().positive(),
  refresh_token: z.string().min(1).optional(),
});
export type TokenSet = z.infer<typeof TokenSetSchema>;

export const ExchangeCodeRequestSchema = z
  .object({
    code: z.string().min(1).max(2_048),
    code_verifier: z.string().regex(/^[A-Za-z0-9._~-]{43,128}$/, 'must be a PKCE code verifier (43-128 unreserved characters)'),
    redirect_uri: z.url({ protocol: /^https?$/ }).max(2_048),
  })
  .strict();

export const ExchangeCodeContract = defineRequest({
  subject: Subjects.auth.exchangeCode,
  request: ExchangeCodeRequestSchema,
  reply: TokenSetSchema,
});

const RefreshTokenSchema = z.string().min(1).max(4_096);

export const RefreshContract = defineRequest({
  subject: Subjects.auth.refresh,
  request: z.object({ refresh_token: RefreshTokenSchema }).strict(),
  reply: TokenSetSchema,
});

export const RevokeContract = defineRequest({
  subject: Subjects.auth.revoke,
  request: z.object({ refresh_token: RefreshTokenSchema }).strict(),
  reply: z.object({ revoked: z.boolean() }),
});
