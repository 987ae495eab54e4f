import { Subjects } from '@tasksensei/contracts';
import { signUpAndLogin } from '../../../test/support/auth.js';
import { connectAs } from '../../../test/support/nats.js';
import { expectEventually, expectProblem, request, testStack } from '../../../test/support/test-stack.js';

describe('the refresh cookie (issue 11)', () => {
  it('answers a malformed cookie 401, not 500', async () => {
    const gateway = testStack().gatewayUrl;
    for (const cookie of ['ts_refresh=%E0%A4%A', 'ts_refresh=%', `ts_refresh=${'x'.repeat(5_000)}`, 'ts_refresh="quoted"']) {
      expectProblem(await request(`${gateway}/refresh`, { method: 'POST', headers: { cookie } }), 401);
    }
    expect((await request(`${gateway}/logout`, { method: 'POST', headers: { cookie: 'ts_refresh=%E0%A4%A' } })).status).toBe(204);
  });

  it('is never copied into the NATS messages of the /oidc tunnel', async () => {
    const { gatewayUrl } = testStack();
    const session = await signUpAndLogin(gatewayUrl, 'cookie');
    // Listening beside the auth service, as the only identity allowed to read its subjects.
    const nc = await connectAs('auth', undefined, 'test-tunnel-observer');
    const seen: string[] = [];
    const sub = nc.subscribe(Subjects.auth.http, { callback: (_error, msg) => seen.push(msg.string()) });
    await nc.flush();
    try {
      const response = await fetch(`${gatewayUrl}/oidc/.well-known/openid-configuration`, {
        headers: { cookie: `_interaction=abc; ts_refresh=${encodeURIComponent(session.refreshToken)}; other=1` },
      });
      expect(response.status).toBe(200);
      await expectEventually(() => expect(seen.some((m) => m.includes('openid-configuration'))).toBe(true));
      const tunnelled = seen.find((m) => m.includes('openid-configuration'))!;
      expect(tunnelled).not.toContain(session.refreshToken);
      expect(tunnelled).not.toContain('ts_refresh');
      expect(tunnelled).toContain('_interaction=abc; other=1');
    } finally {
      sub.unsubscribe();
      await nc.close();
    }
  }, 60_000);
});
