import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, repoRoot } from '@tasksensei/devstack';
import { testStack } from '../../../test/support/test-stack.js';

/** Runs a compiled service with a deliberately bad environment and returns what it said. */
async function start(service: string, env: Record<string, string>) {
  const [opsPort, port] = [String(await freePort()), String(await freePort())];
  const result = spawnSync(process.execPath, [join(repoRoot, 'services', service, 'dist', 'main.js')], {
    env: {
      PATH: process.env.PATH,
      NATS_URL: testStack().natsUrl,
      NATS_NKEY_SEED_FILE: testStack().natsSeedFiles[service as 'gateway'],
      USER_ASSERTION_PUBLIC_KEYS: testStack().assertionPublicJwks,
      USER_ASSERTION_SIGNING_KEY_FILE: testStack().assertionSigningKeyFile,
      OPS_PORT: opsPort,
      PORT: port,
      BILLING_LOCAL_CHECKOUT: 'true', // as the local stack: without it billing stops at STRIPE_SECRET_KEY
      ...env,
    },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: result.status, stderr: result.stderr.replace(/^\(node:\d+\) .*Warning[\s\S]*?\n\n/m, '').trim() };
}

const lastLine = (stderr: string) => stderr.split('\n').filter(Boolean).at(-1) ?? '';

describe('a service refuses to start on invalid config, with one line naming the variable', () => {
  it.each([
    ['billing', { NATS_URL: 'http://not-nats' }, 'NATS_URL'],
    ['users', { OPS_PORT: 'eighty' }, 'OPS_PORT'],
    ['files', { S3_BUCKET: 'Not_A_Bucket!' }, 'S3_BUCKET'],
    ['chat', { CHROMA_URL: 'ftp://chroma' }, 'CHROMA_URL'],
    ['auth', { OIDC_ISSUER_URL: 'https://cognito-idp.eu-west-1.amazonaws.com/pool' }, 'OIDC_CLIENT_ID'],
    ['gateway', { PORT: '70000' }, 'PORT'],
    ['billing', { LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    ['users', { AWS_REGION: 'moon-1' }, 'AWS_REGION'],
    ['files', { USER_ASSERTION_PUBLIC_KEYS: '' }, 'USER_ASSERTION_PUBLIC_KEYS'],
    [
      'chat',
      { USER_ASSERTION_PUBLIC_KEYS: '{"keys":[{"kty":"OKP","crv":"Ed25519","x":"AA","d":"AA","kid":"k"}]}' },
      'USER_ASSERTION_PUBLIC_KEYS',
    ],
    ['gateway', { USER_ASSERTION_SIGNING_KEY_FILE: '' }, 'USER_ASSERTION_SIGNING_KEY_FILE'],
    // Billing fails closed: no Stripe key without the explicit local checkout, and never that in production.
    ['billing', { BILLING_LOCAL_CHECKOUT: '' }, 'STRIPE_SECRET_KEY'],
    ['billing', { BILLING_LOCAL_CHECKOUT: 'false', STRIPE_SECRET_KEY: '' }, 'STRIPE_SECRET_KEY'],
    ['billing', { NODE_ENV: 'production' }, 'BILLING_LOCAL_CHECKOUT'],
  ])('%s with %j', async (service, env, variable) => {
    const { code, stderr } = await start(service, env as Record<string, string>);

    expect(code).toBe(78);
    expect(lastLine(stderr)).toMatch(new RegExp(`^invalid configuration: ${variable} `));
    expect(stderr).not.toMatch(/\n\s+at /); // one clear line, no stack trace
  });

  it.each([
    [
      'without the pro plan',
      JSON.stringify([
        {
          id: 'free',
          name: 'Free',
          priceCents: 0,
          currency: 'usd',
          interval: 'month',
          features: [],
          limits: { storageQuotaBytes: 1, maxFileSizeBytes: 1, messagesPerDay: 1, automations: [] },
        },
      ]),
    ],
    ['that is not JSON', '{ plans: free }'],
  ])('billing refuses a price sheet %s', async (_case, content) => {
    const sheet = join(testStack().dataDir, `plans-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(sheet, content);
    const { code, stderr } = await start('billing', { PLANS_FILE: sheet });
    expect(code).toBe(78);
    expect(lastLine(stderr)).toMatch(/^invalid configuration: PLANS_FILE /);
  });
});
