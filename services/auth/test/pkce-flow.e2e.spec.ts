import * as client from 'openid-client';
import { STRONG_PASSWORD, authorize, exchange, signUp, signUpAndLogin, uniqueEmail } from '../../../test/support/auth.js';
import { expectProblem, request, testStack } from '../../../test/support/test-stack.js';

const gateway = () => testStack().gatewayUrl;

describe('authorization code + PKCE through the gateway', () => {
  it('publishes discovery under /oidc with the issuer PUBLIC_URL/oidc, S256 only', async () => {
    const { ports } = testStack();
    const { status, body } = await request<Record<string, unknown>>(`${gateway()}/oidc/.well-known/openid-configuration`);
    expect(status).toBe(200);
    expect(body.issuer).toBe(`http://localhost:${ports.gateway}/oidc`);
    expect(body.code_challenge_methods_supported).toEqual(['S256']);
    expect(body.response_types_supported).toEqual(['code']);
  });

  it('signs up, logs in, exchanges the code and calls an authenticated route', async () => {
    const session = await signUpAndLogin(gateway(), 'flow');
    const me = await request(`${gateway()}/me`, { headers: { authorization: `Bearer ${session.accessToken}` } });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ userId: session.userId });
  });

  it('returns the API.md token shape and keeps the refresh token in an HttpOnly SameSite=Strict cookie', async () => {
    const email = uniqueEmail('shape');
    await signUp(gateway(), email);
    const tokens = await exchange(gateway(), await authorize(gateway(), email, STRONG_PASSWORD));

    expect(tokens.status).toBe(200);
    expect(tokens.body).toEqual({
      access_token: expect.any(String),
      id_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: expect.any(Number),
    });
    expect(tokens.refreshCookie).toMatch(/^ts_refresh=[^;]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
    expect(tokens.headers.get('cache-control')).toBe('no-store');
  });

  it('gives no code for a wrong password, with the same answer as for an unknown account', async () => {
    const email = uniqueEmail('wrongpw');
    await signUp(gateway(), email);
    const wrong = await authorize(gateway(), email, 'not the password at all');
    const unknown = await authorize(gateway(), uniqueEmail('nobody'), 'not the password at all');

    expect(wrong.code).toBeUndefined();
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(wrong.status);
    const message = (html: string) => /<p class="error"[^>]*>([^<]+)</.exec(html)?.[1];
    expect(message(unknown.body)).toBe(message(wrong.body));
  });

  it('refuses a wrong verifier, a reused code and a different redirect_uri with 400 invalid_grant', async () => {
    const email = uniqueEmail('grant');
    await signUp(gateway(), email);

    const first = await authorize(gateway(), email, STRONG_PASSWORD);
    const wrongVerifier = await exchange(gateway(), { ...first, codeVerifier: client.randomPKCECodeVerifier() });
    expect(wrongVerifier.status).toBe(400);
    expect(wrongVerifier.body.detail).toBe('invalid_grant');

    const second = await authorize(gateway(), email, STRONG_PASSWORD);
    expect((await exchange(gateway(), second)).status).toBe(200);
    const reused = await exchange(gateway(), second);
    expect(reused.status).toBe(400);
    expect(reused.body.detail).toBe('invalid_grant');

    const third = await authorize(gateway(), email, STRONG_PASSWORD);
    const otherRedirect = await exchange(gateway(), { ...third, redirectUri: 'http://evil.example/callback' });
    expect(otherRedirect.status).toBe(400);
  });

  it('refuses to authorize an unregistered redirect_uri', async () => {
    const { ports } = testStack();
    const challenge = await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier());
    const query = new URLSearchParams({
      client_id: 'tasksensei-web',
      response_type: 'code',
      scope: 'openid',
      redirect_uri: 'https://evil.example/callback',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const response = await fetch(`${gateway()}/oidc/auth?${query}`, { redirect: 'manual' });
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    void ports;
  });

  it('refuses an authorization request without PKCE', async () => {
    const { ports } = testStack();
    const query = new URLSearchParams({
      client_id: 'tasksensei-web',
      response_type: 'code',
      scope: 'openid',
      redirect_uri: `http://localhost:${ports.gateway}/callback`,
    });
    const response = await fetch(`${gateway()}/oidc/auth?${query}`, { redirect: 'manual' });
    // Errors for a registered redirect_uri go back to the client, as OAuth says.
    expect(response.headers.get('location')).toMatch(/error=invalid_request/);
  });

  it('answers a malformed /auth body with 400 problem+json', async () => {
    const post = (body: string) => request(`${gateway()}/auth`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expectProblem(await post('{"code":'), 400);
    expectProblem(await post(JSON.stringify({ code: 'x', code_verifier: 'short', redirect_uri: 'http://localhost/callback' })), 400);
    expectProblem(await post(JSON.stringify({ code: 'x', code_verifier: 'a'.repeat(43), redirect_uri: 'javascript:alert(1)' })), 400);
  });

  it('refuses a login form posted without its CSRF token', async () => {
    const email = uniqueEmail('csrf');
    await signUp(gateway(), email);
    const attempt = await authorize(gateway(), email, STRONG_PASSWORD);
    expect(attempt.code).toBeDefined();
    const forged = await fetch(`${gateway()}/oidc/interaction/abc123/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email, password: STRONG_PASSWORD }).toString(),
      redirect: 'manual',
    });
    expect(forged.status).toBe(400);
    expect(forged.headers.get('location')).toBeNull();
  });
});
