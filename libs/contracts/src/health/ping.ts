import { z } from 'zod';

export const CheckSchema = z.object({
  status: z.enum(['ok', 'down']),
  detail: z.string().max(500).optional(),
  latencyMs: z.number().nonnegative().optional(),
});
export type Check = z.infer<typeof CheckSchema>;

export const PingRequestSchema = z.object({}).strict();

/** A service's answer to `<service>.v1.ping`: itself plus each dependency it owns. */
export const PingReplySchema = z.object({
  service: z.string(),
  status: z.enum(['ok', 'down']),
  version: z.string(),
  uptimeSeconds: z.number().nonnegative(),
  checks: z.record(z.string(), CheckSchema),
});
export type PingReply = z.infer<typeof PingReplySchema>;
