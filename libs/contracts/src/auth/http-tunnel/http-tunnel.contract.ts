import { z } from 'zod';
import { defineRequest } from '../../common/request-contract.js';
import { Subjects } from '../../subjects.js';

const HeaderMapSchema = z.record(z.string().max(256), z.union([z.string().max(16_384), z.array(z.string().max(16_384)).max(64)]));

/** One HTTP exchange carried over NATS, so the gateway reaches the provider over the bus only. */
export const HttpTunnelRequestSchema = z.object({
  method: z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']),
  /** Path and query under the mount point, starting with `/oidc`. */
  url: z.string().startsWith('/oidc').max(8_192),
  headers: HeaderMapSchema,
  /** Base64 body, at most 64 KiB decoded. */
  body: z.string().max(90_000).optional(),
  remoteAddress: z.string().max(100),
});
export type HttpTunnelRequest = z.infer<typeof HttpTunnelRequestSchema>;

export const HttpTunnelReplySchema = z.object({
  status: z.number().int().min(100).max(599),
  headers: HeaderMapSchema,
  body: z.string(),
});
export type HttpTunnelReply = z.infer<typeof HttpTunnelReplySchema>;

export const AuthHttpContract = defineRequest({
  subject: Subjects.auth.http,
  request: HttpTunnelRequestSchema,
  reply: HttpTunnelReplySchema,
});
