import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Stack, freePort, startNats, type Component } from '@tasksensei/devstack';
import { signUpAndLogin } from '../../../test/support/auth.js';
import { expectEventually, testStack } from '../../../test/support/test-stack.js';

/** Short enough that the test waits it out in about a second; production's is 5 s (REFRESH_GRACE_SECONDS). */
const GRACE_SECONDS = 1;

/**
 * Reuse of a rotated refresh token after the grace window is theft. The window is an environment
 * setting, so this runs its own auth service and gateway with a short one, on a NATS of their own
 * and their own tables (sharing the run's DynamoDB), instead of sleeping out the production window.
 */
describe('refresh token reuse after the grace window', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tasksensei-refresh-grace-'));
  let stack: Stack;
  let nats: Component | undefined;

  const refresh = (refreshToken: string) =>
    fetch(`${stack.gatewayUrl}/refresh`, { method: 'POST', headers: { cookie: `ts_refresh=${encodeURIComponent(refreshToken)}` } });
  const rotated = (response: Response) => {
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('ts_refresh='));
    return cookie ? decodeURIComponent(cookie.split(';')[0]!.slice('ts_refresh='.length)) : undefined;
  };

  beforeAll(async () => {
    const main = testStack();
    const ports = {
      ...main.ports,
      nats: await freePort(),
      auth: await freePort(),
      gateway: await freePort(),
      gatewayOps: await freePort(),
    };
    stack = new Stack({
      dataDir,
      ports,
      startStores: false,
      logLevel: 'debug',
      env: {
        DYNAMODB_TABLE_PREFIX: `grace-${randomUUID().slice(0, 8)}-`,
        REFRESH_GRACE_SECONDS: String(GRACE_SECONDS),
        RATE_LIMIT_SIGN_IN_PER_MINUTE: '10000',
      },
    });
    nats = await startNats({ port: ports.nats, dir: join(dataDir, 'nats'), logDir: stack.logDir, users: stack.natsCredentials.users });
    stack.natsUrl = nats.url;
    await stack.startService('auth');
    await stack.startService('gateway');
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await nats?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('answers the same token inside the window, then 401 problem+json, and the whole family is revoked', async () => {
    const session = await signUpAndLogin(stack.gatewayUrl, 'reuse');
    const first = await refresh(session.refreshToken);
    expect(first.status).toBe(200);
    const current = rotated(first)!;
    // A second tab inside the window: the same new token, no reuse alarm.
    const again = await refresh(session.refreshToken);
    expect(again.status).toBe(200);
    expect(rotated(again)).toBe(current);

    // Once the window is over the old token is reuse (retried until then: each try inside the window is answered as above).
    let reuse: Response | undefined;
    await expectEventually(
      async () => {
        reuse = await refresh(session.refreshToken);
        expect(reuse.status).toBe(401);
      },
      (GRACE_SECONDS + 5) * 1000,
      200,
    );
    expect(reuse!.headers.get('content-type')).toMatch(/problem\+json/);
    // The legitimate holder's newer token died with the family.
    expect((await refresh(current)).status).toBe(401);
  }, 30_000);
});
