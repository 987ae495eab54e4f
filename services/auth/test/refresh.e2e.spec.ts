import { signUpAndLogin } from '../../../test/support/auth.js';
import { expectProblem, request, testStack } from '../../../test/support/test-stack.js';

const refresh = (refreshToken: string, via: 'cookie' | 'body' = 'cookie') =>
  fetch(`${testStack().gatewayUrl}/refresh`, {
    method: 'POST',
    headers: via === 'cookie' ? { cookie: `ts_refresh=${encodeURIComponent(refreshToken)}` } : { 'content-type': 'application/json' },
    ...(via === 'body' ? { body: JSON.stringify({ refresh_token: refreshToken }) } : {}),
  });
const rotated = (response: Response) => {
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('ts_refresh='));
  return cookie ? decodeURIComponent(cookie.split(';')[0]!.slice('ts_refresh='.length)) : undefined;
};
const me = (token: string) => request(`${testStack().gatewayUrl}/me`, { headers: { authorization: `Bearer ${token}` } });

describe('refresh token rotation', () => {
  it('rotates: the new tokens work and the refresh token changes', async () => {
    const session = await signUpAndLogin(testStack().gatewayUrl, 'rotate');
    const response = await refresh(session.refreshToken);
    const body = (await response.json()) as { access_token: string };

    expect(response.status).toBe(200);
    const next = rotated(response);
    expect(next).toBeDefined();
    expect(next).not.toBe(session.refreshToken);
    expect((await me(body.access_token)).status).toBe(200);
    expect((await refresh(next!, 'body')).status).toBe(200);
  });

  it('lets two tabs refresh with the same token at once: both succeed with the same new token', async () => {
    const session = await signUpAndLogin(testStack().gatewayUrl, 'tabs');
    const [a, b] = await Promise.all([refresh(session.refreshToken), refresh(session.refreshToken)]);

    expect([a.status, b.status]).toEqual([200, 200]);
    expect(rotated(a)).toBe(rotated(b));
    expect((await refresh(rotated(a)!)).status).toBe(200);
  });

  // Reuse after the grace window: refresh-grace.e2e.spec.ts, on a stack with a short window.

  it('logout revokes the refresh token and clears the cookie', async () => {
    const session = await signUpAndLogin(testStack().gatewayUrl, 'logout');
    const response = await fetch(`${testStack().gatewayUrl}/logout`, {
      method: 'POST',
      headers: { cookie: `ts_refresh=${session.refreshToken}` },
    });

    expect(response.status).toBe(204);
    expect(response.headers.getSetCookie().find((c) => c.startsWith('ts_refresh='))).toMatch(/Max-Age=0/);
    expect((await refresh(session.refreshToken)).status).toBe(401);
  });

  it('answers a refresh without a token, or with a bogus one, with 401 problem+json', async () => {
    expectProblem(await request(`${testStack().gatewayUrl}/refresh`, { method: 'POST' }), 401);
    const bogus = await refresh('not-a-real-token');
    expect(bogus.status).toBe(401);
  });
});
