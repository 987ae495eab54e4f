import { z } from 'zod';
import { PublicJwksSchema } from '../identity/user-assertion.js';

/** Raised when the environment does not satisfy a service's config schema. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly reason: string,
  ) {
    super(`invalid configuration: ${variable} ${reason}`);
    this.name = 'ConfigError';
  }
}

/**
 * Validates the environment once, before anything starts. The first problem becomes one line
 * naming the variable, so an operator can fix a bad deploy without reading a stack trace.
 */
export function parseConfig<T>(schema: z.ZodType<T>, env: NodeJS.ProcessEnv): T {
  // An empty string in a manifest means "unset", not "the empty value".
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  // A variable is one value: a problem inside a structured one (JSON) is still that variable's.
  const variable = issue.path.length ? String(issue.path[0]) : '(environment)';
  const got = typeof cleaned[variable] === 'string' ? ` (got "${redactValue(variable, cleaned[variable])}")` : '';
  throw new ConfigError(variable, `${issue.message.replace(/^Invalid input: /, '')}${got}`);
}

/** Parses the config or stops the process with one clear line on stderr and exit code 78 (EX_CONFIG). */
export function loadConfigOrExit<T>(schema: z.ZodType<T>, env: NodeJS.ProcessEnv = process.env): T {
  try {
    return parseConfig(schema, env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
}

function redactValue(variable: string, value: string): string {
  return /SECRET|KEY|PASSWORD|TOKEN/i.test(variable) ? '***' : value.slice(0, 80);
}

export const port = (fallback: number) => z.coerce.number().int().min(1).max(65_535).default(fallback);

/** Shared env fields; every service extends this schema with its own. */
export const BaseEnvSchema = z.object({
  NATS_URL: z
    .string()
    .default('nats://127.0.0.1:4222')
    .refine((v) => v.split(',').every((s) => /^(nats|tls|wss?):\/\/[^\s]+$/.test(s.trim())), {
      message: 'must be a comma-separated list of nats:// URLs',
    }),
  /**
   * File holding this process's NATS nkey seed (`SU...`, mode 0600; a mounted Secret in
   * Kubernetes). Its public key is one user of the server's config, with that identity's permissions.
   */
  NATS_NKEY_SEED_FILE: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NATS_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(50).max(120_000).default(5_000),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  /** Copies of each JetStream stream: 1 on a single server, 3 on the production cluster. */
  JETSTREAM_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
});
export type BaseEnv = z.infer<typeof BaseEnvSchema>;

/** Base fields plus the probe/metrics port every NATS service listens on. */
export const serviceEnvSchema = (opsPort: number) =>
  BaseEnvSchema.extend({
    OPS_PORT: port(opsPort),
    OPS_HOST: z.string().default('0.0.0.0'),
    /**
     * The gateway's public key(s) for user assertions, a JWKS (`{"keys":[...]}`): every request
     * acting for a user is verified against them. Two keys during a rotation.
     */
    USER_ASSERTION_PUBLIC_KEYS: PublicJwksSchema,
  });

export const url = () => z.url({ protocol: /^https?$/ });
