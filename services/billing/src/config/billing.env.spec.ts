import { ConfigError, parseConfig } from '@tasksensei/platform';
import { BillingEnvSchema } from './billing.env.js';

const KEYS = JSON.stringify({ keys: [{ kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo', kid: 'k1' }] });
const parse = (env: Record<string, string>) => parseConfig(BillingEnvSchema, { USER_ASSERTION_PUBLIC_KEYS: KEYS, ...env });
const refusal = (env: Record<string, string>) => {
  try {
    parse(env);
  } catch (error) {
    return error as ConfigError;
  }
  throw new Error('accepted');
};

describe('billing without a Stripe key (fails closed)', () => {
  it.each([[{}], [{ STRIPE_SECRET_KEY: '' }], [{ BILLING_LOCAL_CHECKOUT: 'false' }]])(
    'refuses when local checkout is not switched on: %j',
    (env) => {
      const error = refusal(env);
      expect(error).toBeInstanceOf(ConfigError);
      expect(error.variable).toBe('STRIPE_SECRET_KEY');
      expect(error.message).toMatch(/^invalid configuration: STRIPE_SECRET_KEY .*BILLING_LOCAL_CHECKOUT/);
    },
  );

  it('starts with the local checkout when switched on explicitly', () => {
    expect(parse({ BILLING_LOCAL_CHECKOUT: 'true' })).toMatchObject({ BILLING_LOCAL_CHECKOUT: true });
    expect(parse({ BILLING_LOCAL_CHECKOUT: 'true', NODE_ENV: 'development' })).toMatchObject({ BILLING_LOCAL_CHECKOUT: true });
  });

  it('refuses the local checkout in production even when switched on', () => {
    const error = refusal({ BILLING_LOCAL_CHECKOUT: 'true', NODE_ENV: 'production' });
    expect(error.variable).toBe('BILLING_LOCAL_CHECKOUT');
    expect(error.message).toMatch(/NODE_ENV=production/);
  });

  it('rejects a flag that is not true/false', () => {
    expect(refusal({ BILLING_LOCAL_CHECKOUT: 'yes please' }).variable).toBe('BILLING_LOCAL_CHECKOUT');
  });

  it('starts with a key (and its webhook secret), also in production', () => {
    const env = parse({ STRIPE_SECRET_KEY: 'sk_live_abcdef', STRIPE_WEBHOOK_SECRET: 'whsec_abcdefgh', NODE_ENV: 'production' });
    expect(env.STRIPE_SECRET_KEY).toBe('sk_live_abcdef');
  });
});
