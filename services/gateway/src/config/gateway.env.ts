import { BaseEnvSchema, port } from '@tasksensei/platform';
import { z } from 'zod';

export const GatewayEnvSchema = BaseEnvSchema.extend({
  PORT: port(8080),
  HOST: z.string().default('0.0.0.0'),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).default('http://localhost:8080').transform((u) => u.replace(/\/+$/, '')),
  /** Probes and Prometheus metrics, kept off the public port. */
  OPS_PORT: port(8090),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1_024).max(50 * 1024 * 1024).default(1024 * 1024),
  HEALTH_TIMEOUT_MS: z.coerce.number().int().min(50).max(30_000).default(1_500),
  /** Number of proxy hops to trust for the client address (Ingress, load balancer). */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
});
export type GatewayEnv = z.infer<typeof GatewayEnvSchema>;
