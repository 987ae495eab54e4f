import { jest } from '@jest/globals';
import { io, type Socket } from 'socket.io-client';
import { signUpAndLogin } from '../support/auth.js';
import { expectEventually, testStack } from '../support/test-stack.js';

jest.setTimeout(60_000);

const gateway = () => testStack().gatewayUrl;
const profileStatus = async (accessToken: string) =>
  (await fetch(`${gateway()}/user/profile`, { headers: { authorization: `Bearer ${accessToken}` } })).status;
const refresh = (refreshToken: string) =>
  fetch(`${gateway()}/refresh`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ refresh_token: refreshToken }),
  });

function openSocket(token: string): Promise<Socket> {
  const socket = io(`${gateway()}/chat`, { auth: { token }, transports: ['websocket'], reconnection: false });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** Revocation reaches the gateway within seconds, not when the access token expires (15 min). */
describe('ending a session ends its access tokens and sockets within seconds', () => {
  it('logout: the access token is refused and the open socket closes; another session of the user still works', async () => {
    const session = await signUpAndLogin(gateway(), 'revoke-logout');
    const socket = await openSocket(session.accessToken);
    let disconnected = false;
    socket.on('disconnect', () => (disconnected = true));
    expect(await profileStatus(session.accessToken)).toBe(200);

    const logout = await fetch(`${gateway()}/logout`, {
      method: 'POST',
      headers: { cookie: `ts_refresh=${encodeURIComponent(session.refreshToken)}` },
    });
    expect(logout.status).toBe(204);

    await expectEventually(async () => expect(await profileStatus(session.accessToken)).toBe(401), 10_000, 200);
    await expectEventually(() => expect(disconnected).toBe(true), 10_000, 100);
    // A new socket with the revoked token is refused.
    await expect(openSocket(session.accessToken)).rejects.toThrow('unauthorized');
  });

  it('refresh-token reuse: every access token of that session is refused', async () => {
    const session = await signUpAndLogin(gateway(), 'revoke-reuse');
    const rotated = await refresh(session.refreshToken);
    expect(rotated.status).toBe(200);
    const newAccess = ((await rotated.json()) as { access_token: string }).access_token;
    expect(await profileStatus(newAccess)).toBe(200);

    // Past the grace window, presenting the rotated-away token again is reuse: the family is revoked.
    await expectEventually(async () => expect((await refresh(session.refreshToken)).status).toBe(401), 20_000, 500);
    await expectEventually(
      async () => {
        expect(await profileStatus(newAccess)).toBe(401);
        expect(await profileStatus(session.accessToken)).toBe(401);
      },
      10_000,
      200,
    );
  });

  it('leaves other sessions alone', async () => {
    const first = await signUpAndLogin(gateway(), 'revoke-other');
    const bystander = await signUpAndLogin(gateway(), 'revoke-bystander');
    await fetch(`${gateway()}/logout`, { method: 'POST', headers: { cookie: `ts_refresh=${encodeURIComponent(first.refreshToken)}` } });
    await expectEventually(async () => expect(await profileStatus(first.accessToken)).toBe(401), 10_000, 200);
    expect(await profileStatus(bystander.accessToken)).toBe(200);
  });
});
