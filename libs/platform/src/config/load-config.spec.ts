import { z } from 'zod';
import { BaseEnvSchema, ConfigError, parseConfig, serviceEnvSchema } from './load-config.js';

/** Every service needs the gateway's assertion key(s); the value is irrelevant to these tests. */
const KEYS = JSON.stringify({ keys: [{ kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo', kid: 'k1' }] });

describe('parseConfig', () => {
  it('applies defaults when nothing is set', () => {
    const env = parseConfig(serviceEnvSchema(8085), { USER_ASSERTION_PUBLIC_KEYS: KEYS });
    expect(env).toEqual(expect.objectContaining({ NATS_URL: 'nats://127.0.0.1:4222', LOG_LEVEL: 'info', OPS_PORT: 8085 }));
  });

  it('names the first bad variable in one line', () => {
    expect(() => parseConfig(serviceEnvSchema(1), { OPS_PORT: 'eighty' })).toThrow(/^invalid configuration: OPS_PORT .*\(got "eighty"\)$/);
  });

  it('never echoes a secret value back', () => {
    const schema = BaseEnvSchema.extend({ STRIPE_SECRET_KEY: z.string().startsWith('sk_') });
    let error: unknown;
    try {
      parseConfig(schema, { STRIPE_SECRET_KEY: 'pk_live_supersecret' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain('STRIPE_SECRET_KEY');
    expect((error as Error).message).not.toContain('supersecret');
  });

  it('treats an empty string as unset, so a blank manifest value falls back to the default', () => {
    expect(parseConfig(serviceEnvSchema(9), { LOG_LEVEL: '', USER_ASSERTION_PUBLIC_KEYS: KEYS }).LOG_LEVEL).toBe('info');
  });

  it('accepts a comma-separated NATS cluster and refuses other schemes', () => {
    expect(parseConfig(BaseEnvSchema, { NATS_URL: 'nats://a:4222, nats://b:4222' }).NATS_URL).toContain('nats://b');
    expect(() => parseConfig(BaseEnvSchema, { NATS_URL: 'http://a:4222' })).toThrow(/NATS_URL/);
  });
});
