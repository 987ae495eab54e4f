import { z } from 'zod';
import { defineRequest } from '../../common/request-contract.js';
import { Subjects } from '../../subjects.js';

/** What a browser needs to start the PKCE flow (API.md `GET /config`). */
export const ClientConfigSchema = z.object({
  issuer: z.url(),
  clientId: z.string().min(1),
  redirectUri: z.url(),
  scopes: z.array(z.string().min(1)).min(1),
});
export type ClientConfig = z.infer<typeof ClientConfigSchema>;

export const AuthConfigContract = defineRequest({
  subject: Subjects.auth.config,
  request: z.object({}).strict(),
  reply: ClientConfigSchema,
});
