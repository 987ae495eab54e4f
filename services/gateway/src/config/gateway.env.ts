import { BaseEnvSchema, port } from '@tasksensei/platform';
import { z } from 'zod';

export const GatewayEnvSchema = BaseEnvSchema.extend({
  NODE_ENV: z.string().optional(),
  /** The local stack's mailbox (its SMTP server's HTTP side), served at /dev/mail. Never in production. */
  DEV_MAILBOX_URL: z
    .url({ protocol: /^https?$/ })
    .transform((u) => u.replace(/\/+$/, ''))
    .optional(),
  PORT: port(8080),
  HOST: z.string().default('0.0.0.0'),
  PUBLIC_URL: z
    .url({ protocol: /^https?$/ })
    .default('http://localhost:8080')
    .transform((u) => u.replace(/\/+$/, '')),
  /** Probes and Prometheus metrics, kept off the public port. */
  OPS_PORT: port(8090),
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1_024)
    .max(50 * 1024 * 1024)
    .default(1024 * 1024),
  HEALTH_TIMEOUT_MS: z.coerce.number().int().min(50).max(30_000).default(1_500),
  /** Number of proxy hops to trust for the client address (Ingress, load balancer). */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  /** An external issuer (Cognito user pool, any OIDC); unset means the built-in one at PUBLIC_URL/oidc. */
  OIDC_ISSUER_URL: z.url({ protocol: /^https?$/ }).optional(),
  OIDC_CLIENT_ID: z.string().min(1).max(200).optional(),
  /** The audience of the built-in issuer's access tokens (an RFC 8707 resource indicator). */
  API_AUDIENCE: z.string().min(1).default('urn:tasksensei:api'),
  /** Clock skew tolerated on exp/nbf/iat. */
  TOKEN_CLOCK_SKEW_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
  /**
   * Private Ed25519 JWK (with `kid`) the gateway signs user assertions with: every request it
   * sends for a user carries one, which the target service verifies. A mounted Secret in Kubernetes.
   */
  USER_ASSERTION_SIGNING_KEY_FILE: z.string().min(1),
  /** Lifetime of a user assertion; one is reused for the same user and service for half of it. */
  USER_ASSERTION_TTL_SECONDS: z.coerce.number().int().min(5).max(600).default(60),
  /** Per client address and minute: /signup, /auth, /refresh, POST /oidc/*, /password/*. */
  RATE_LIMIT_SIGN_IN_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(60),
  /** Per client address and minute: POST /webhook. */
  RATE_LIMIT_WEBHOOK_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(600),
  /** Per-user sendMessage limit (all of a user's sockets together): a burst of this many, refilled at CHAT_MESSAGES_PER_SECOND. */
  CHAT_MESSAGES_BURST: z.coerce.number().int().min(1).max(1_000).default(10),
  CHAT_MESSAGES_PER_SECOND: z.coerce.number().min(0.01).max(100).default(0.5),
  /**
   * Origins the web client may connect to besides its own (its CSP connect-src), comma-separated:
   * where presigned uploads go. Unset: the origin of S3_PUBLIC_ENDPOINT or S3_ENDPOINT (the local
   * stack's S3), or AWS S3 when neither is set.
   */
  WEB_CONNECT_SRC: z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.url({ protocol: /^(https?|wss?)$/ }).transform((u) => new URL(u).origin)))
    .optional(),
  S3_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  S3_PUBLIC_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
}).refine((env) => !(env.DEV_MAILBOX_URL && env.NODE_ENV === 'production'), {
  path: ['DEV_MAILBOX_URL'],
  message: 'is the local mailbox and must not be set with NODE_ENV=production',
});
export type GatewayEnv = z.infer<typeof GatewayEnvSchema>;
