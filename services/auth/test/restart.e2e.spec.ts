import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Stack, freePorts } from '@tasksensei/devstack';
import { CookieJar, STRONG_PASSWORD, authorize, exchange, signUp, uniqueEmail } from '../../../test/support/auth.js';
import { request, testStack } from '../../../test/support/test-stack.js';

describe('restarting the auth service logs nobody out', () => {
  // Our own stack over the run's stores, so restarting auth cannot disturb other tests.
  let stack: Stack;
  let dataDir: string;

  beforeAll(async () => {
    const shared = testStack().ports;
    dataDir = mkdtempSync(join(tmpdir(), 'tasksensei-auth-restart-'));
    const ports = { ...(await freePorts()), dynamodb: shared.dynamodb, s3: shared.s3, chroma: shared.chroma };
    stack = await new Stack({ dataDir, ports, startStores: false, logLevel: 'warn' }).start();
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    stack?.killAll();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps the browser session, refresh tokens and signing keys across a restart', async () => {
    const gateway = stack.gatewayUrl;
    const email = uniqueEmail('restart');
    const jar = new CookieJar();
    await signUp(gateway, email);
    const tokens = await exchange(gateway, await authorize(gateway, email, STRONG_PASSWORD, jar));
    const refreshToken = decodeURIComponent(tokens.refreshCookie!.split(';')[0]!.slice('ts_refresh='.length));

    await stack.stopComponent('auth');
    await stack.startService('auth');

    // The access token issued before still verifies (same keys, refetched by the gateway if needed).
    const me = await request(`${gateway}/me`, { headers: { authorization: `Bearer ${tokens.body.access_token as string}` } });
    expect(me.status).toBe(200);
    // The refresh token still rotates (its state is in DynamoDB, not in memory).
    const refreshed = await fetch(`${gateway}/refresh`, { method: 'POST', headers: { cookie: `ts_refresh=${refreshToken}` } });
    expect(refreshed.status).toBe(200);
    // The provider session survived: a new authorization needs no password.
    const again = await authorize(gateway, email, 'the password is not asked again', jar);
    expect(again.code).toBeDefined();
  }, 90_000);
});
