import { generate } from 'otplib';
import { STRONG_PASSWORD, authorize, login, signUp, signUpAndLogin, uniqueEmail, type Session } from '../../../test/support/auth.js';
import { awaitMail, linkToken } from '../../../test/support/mail.js';
import { expectEventually, expectProblem, request, testStack } from '../../../test/support/test-stack.js';

const gateway = () => testStack().gatewayUrl;
const publicUrl = () => `http://localhost:${testStack().ports.gateway}`;
const json = (body: unknown, token?: string): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  body: JSON.stringify(body),
});
const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });
/** What the gateway answers an access token (401 once its session is revoked). */
const profileStatus = async (session: Session) => (await request(`${gateway()}/user/profile`, bearer(session.accessToken))).status;
const refreshWith = (session: Session) => request(`${gateway()}/refresh`, json({ refresh_token: session.refreshToken }));

/** Refreshes and returns the session with its rotated refresh token. */
async function rotated(session: Session): Promise<Session> {
  const response = await fetch(`${gateway()}/refresh`, json({ refresh_token: session.refreshToken }));
  expect(response.status).toBe(200);
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('ts_refresh='))!;
  return { ...session, refreshToken: decodeURIComponent(cookie.split(';')[0]!.split('=')[1]!) };
}

describe('email verification', () => {
  it('mails a single-use link at sign-up that marks the profile verified', async () => {
    const email = uniqueEmail('verify');
    const created = await signUp(gateway(), email);
    expect(created.status).toBe(201);

    const mail = await awaitMail(gateway(), email, /confirm your email/i);
    expect(mail.text).toContain(`A TaskSensei account was created with the email address ${email}`);
    expect(mail.text).toContain(`${publicUrl()}/verify-email?token=`);
    expect(mail.html).toContain(`${publicUrl()}/verify-email?token=`);

    const session = await login(gateway(), email);
    await expectEventually(async () => {
      const profile = await request<{ emailVerified: boolean }>(`${gateway()}/user/profile`, bearer(session.accessToken));
      expect(profile.status).toBe(200);
      expect(profile.body.emailVerified).toBe(false);
    });

    const token = linkToken(mail, '/verify-email');
    expect((await request(`${gateway()}/account/verify-email`, json({ token }))).status).toBe(204);
    await expectEventually(async () => {
      const profile = await request<{ emailVerified: boolean; email: string }>(`${gateway()}/user/profile`, bearer(session.accessToken));
      expect(profile.body).toEqual(expect.objectContaining({ emailVerified: true, email }));
    });
    expectProblem(await request(`${gateway()}/account/verify-email`, json({ token })), 400);
    expectProblem(await request(`${gateway()}/account/verify-email`, json({ token: 'x'.repeat(43) })), 400);
    expectProblem(await request(`${gateway()}/account/verify-email`, json({ token: 42 })), 400);
  }, 60_000);

  it('changes the email only when the new address follows its link', async () => {
    const session = await signUpAndLogin(gateway(), 'mover');
    const next = uniqueEmail('moved');
    expect(
      (await request(`${gateway()}/account/email`, json({ email: next, currentPassword: STRONG_PASSWORD }, session.accessToken))).status,
    ).toBe(202);
    const mail = await awaitMail(gateway(), next, /confirm your email/i);
    expect(mail.text).toContain('change the email address of a TaskSensei account');
    expect((await request(`${gateway()}/account/verify-email`, json({ token: linkToken(mail, '/verify-email') }))).status).toBe(204);
    await expectEventually(async () => {
      const profile = await request<{ emailVerified: boolean; email: string }>(`${gateway()}/user/profile`, bearer(session.accessToken));
      expect(profile.body).toEqual(expect.objectContaining({ emailVerified: true, email: next }));
    });
    const notice = await awaitMail(gateway(), session.email, /email address of your TaskSensei account was changed/i);
    expect(notice.text).toContain(`now uses ${next}`);
    expect((await authorize(gateway(), next, STRONG_PASSWORD)).code).toBeDefined();
    expect((await authorize(gateway(), session.email, STRONG_PASSWORD)).code).toBeUndefined();
  }, 60_000);
});

describe('forgotten password', () => {
  it('answers the same for unknown and known accounts, and the mailed link resets once and signs every device out', async () => {
    const session = await signUpAndLogin(gateway(), 'forgot');
    const unknown = await request(`${gateway()}/password/forgot`, json({ email: uniqueEmail('nobody') }));
    const known = await request(`${gateway()}/password/forgot`, json({ email: session.email.toUpperCase() }));
    expect(unknown.status).toBe(202);
    expect(known.status).toBe(202);
    expect(known.text).toBe(unknown.text);

    const mail = await awaitMail(gateway(), session.email, /reset your/i);
    expect(mail.text).toContain(`reset the password of the TaskSensei account ${session.email}`);
    expect(mail.text).toContain('30 minutes');
    const token = linkToken(mail, '/reset-password');

    // A weak password is refused without spending the link.
    expectProblem(await request(`${gateway()}/password/reset`, json({ token, password: 'password' })), 400);
    const newPassword = 'a brand new passphrase 77';
    expect((await request(`${gateway()}/password/reset`, json({ token, password: newPassword }))).status).toBe(204);
    expectProblem(await request(`${gateway()}/password/reset`, json({ token, password: 'another new passphrase 88' })), 400);

    expect((await refreshWith(session)).status).toBe(401);
    // The access token issued before the reset is refused within seconds, not at its expiry.
    await expectEventually(async () => expect(await profileStatus(session)).toBe(401), 10_000, 200);
    expect((await authorize(gateway(), session.email, STRONG_PASSWORD)).status).toBe(401);
    expect((await authorize(gateway(), session.email, newPassword)).code).toBeDefined();
  }, 60_000);
});

describe('changing the password while signed in', () => {
  it('needs the current password and signs the other devices out', async () => {
    const here = await signUpAndLogin(gateway(), 'changer');
    const there = await login(gateway(), here.email);

    const wrong = await request<{ errors: { path: string }[] }>(
      `${gateway()}/account/password`,
      json({ currentPassword: 'not my password at all', newPassword: 'the next passphrase 2026' }, here.accessToken),
    );
    expectProblem(wrong, 400);
    expect(wrong.body.errors.map((e) => e.path)).toContain('currentPassword');
    expectProblem(
      await request(`${gateway()}/account/password`, json({ currentPassword: STRONG_PASSWORD, newPassword: 'short' }, here.accessToken)),
      400,
    );
    expectProblem(
      await request(`${gateway()}/account/password`, json({ currentPassword: STRONG_PASSWORD, newPassword: 'the next passphrase 2026' })),
      401,
    );

    expect(
      (
        await request(
          `${gateway()}/account/password`,
          json({ currentPassword: STRONG_PASSWORD, newPassword: 'the next passphrase 2026' }, here.accessToken),
        )
      ).status,
    ).toBe(204);
    expect((await refreshWith(there)).status).toBe(401);
    // The other device's access token is refused within seconds; this device's keeps working.
    await expectEventually(async () => expect(await profileStatus(there)).toBe(401), 10_000, 200);
    expect(await profileStatus(here)).toBe(200);
    expect((await refreshWith(here)).status).toBe(200);
    await awaitMail(gateway(), here.email, /password was changed/i);
  }, 60_000);
});

describe('two-factor sign-in', () => {
  it('enrols with a code, then asks for a code after the password; recovery codes work once', async () => {
    const session = await signUpAndLogin(gateway(), 'totp');
    const started = await request<{ secret: string; otpauthUrl: string }>(`${gateway()}/account/mfa/totp`, json({}, session.accessToken));
    expect(started.status).toBe(200);
    expect(started.body.otpauthUrl).toMatch(/^otpauth:\/\/totp\/TaskSensei:.*secret=/);
    const { secret } = started.body;
    expectProblem(
      await request(
        `${gateway()}/account/mfa/totp/enable`,
        json({ code: '000000' === (await generate({ secret })) ? '111111' : '000000' }, session.accessToken),
      ),
      400,
    );
    lastStep = Math.floor(Date.now() / 30_000);
    const enabled = await request<{ recoveryCodes: string[] }>(
      `${gateway()}/account/mfa/totp/enable`,
      json({ code: await generate({ secret }) }, session.accessToken),
    );
    expect(enabled.status).toBe(200);
    expect(enabled.body.recoveryCodes).toHaveLength(10);
    expect(new Set(enabled.body.recoveryCodes).size).toBe(10);

    // The password alone no longer signs in: the provider asks for the code.
    const passwordOnly = await authorize(gateway(), session.email, STRONG_PASSWORD);
    expect(passwordOnly.code).toBeUndefined();
    expect(passwordOnly.body).toContain('name="code"');
    const wrongCode = await authorize(gateway(), session.email, STRONG_PASSWORD, undefined, { code: () => '12345x' });
    expect(wrongCode.status).toBe(401);

    const [recovery] = enabled.body.recoveryCodes;
    expect((await authorize(gateway(), session.email, STRONG_PASSWORD, undefined, { code: () => recovery! })).code).toBeDefined();
    expect((await authorize(gateway(), session.email, STRONG_PASSWORD, undefined, { code: () => recovery! })).code).toBeUndefined();

    // A TOTP code signs in (the one just used for enrolment is spent: wait for the next step if needed).
    const withTotp = await login(gateway(), session.email, STRONG_PASSWORD, { code: () => nextFreshCode(secret) });
    expect(withTotp.accessToken).toBeTruthy();

    expect((await request(`${gateway()}/account/security`, bearer(session.accessToken))).body).toEqual(
      expect.objectContaining({ totpEnabled: true, recoveryCodesLeft: 9 }),
    );
    const off = await fetch(`${gateway()}/account/mfa/totp`, {
      ...json({ code: enabled.body.recoveryCodes[1] }, session.accessToken),
      method: 'DELETE',
    });
    expect(off.status).toBe(204);
    expect((await authorize(gateway(), session.email, STRONG_PASSWORD)).code).toBeDefined();
  }, 120_000);
});

/** A code from a time step no sign-in used yet: codes are single-use per step. */
let lastStep = 0;
async function nextFreshCode(secret: string): Promise<string> {
  let step = Math.floor(Date.now() / 30_000);
  if (step <= lastStep) {
    await new Promise((resolve) => setTimeout(resolve, (lastStep + 1) * 30_000 - Date.now() + 50));
    step = Math.floor(Date.now() / 30_000);
  }
  lastStep = step;
  return generate({ secret });
}

describe('sessions', () => {
  it('lists the devices with the current one marked, and signs one out', async () => {
    const here = await signUpAndLogin(gateway(), 'devices');
    const there = await rotated(await login(gateway(), here.email));

    const listed = await request<{ sessionId: string; current: boolean; createdAt: string; lastUsedAt: string }[]>(
      `${gateway()}/account/sessions`,
      bearer(here.accessToken),
    );
    expect(listed.status).toBe(200);
    expect(listed.body).toHaveLength(2);
    const current = listed.body.filter((s) => s.current);
    expect(current).toHaveLength(1);
    const other = listed.body.find((s) => !s.current)!;
    expect(Date.parse(other.lastUsedAt)).toBeGreaterThanOrEqual(Date.parse(other.createdAt));

    const stranger = await signUpAndLogin(gateway(), 'stranger');
    expectProblem(
      await request(`${gateway()}/account/sessions/${other.sessionId}`, { ...bearer(stranger.accessToken), method: 'DELETE' }),
      404,
    );
    expectProblem(await request(`${gateway()}/account/sessions/not-a-session`, { ...bearer(here.accessToken), method: 'DELETE' }), 404);

    expect(
      (await request(`${gateway()}/account/sessions/${other.sessionId}`, { ...bearer(here.accessToken), method: 'DELETE' })).status,
    ).toBe(204);
    expect((await refreshWith(there)).status).toBe(401);
    // The signed-out device's access token is refused within seconds; this one's still works.
    await expectEventually(async () => expect(await profileStatus(there)).toBe(401), 10_000, 200);
    expect(await profileStatus(here)).toBe(200);
    const after = await request<{ sessionId: string }[]>(`${gateway()}/account/sessions`, bearer(here.accessToken));
    expect(after.body.map((s) => s.sessionId)).toEqual([current[0]!.sessionId]);
  }, 60_000);
});

describe('the local mailbox', () => {
  it('needs a recipient', async () => {
    expectProblem(await request(`${gateway()}/dev/mail`), 400);
  });
});
