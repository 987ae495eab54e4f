import { STRONG_PASSWORD, authorize, exchange, signUp, uniqueEmail } from '../../../test/support/auth.js';
import { expectEventually, expectProblem, request, testStack } from '../../../test/support/test-stack.js';

const url = () => `${testStack().gatewayUrl}/signup`;
const post = (body: unknown) =>
  request(url(), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('POST /signup', () => {
  it('creates an account and answers 201 with its id', async () => {
    const { status, body } = await signUp(testStack().gatewayUrl, uniqueEmail('signup'), STRONG_PASSWORD, 'Ada');
    expect(status).toBe(201);
    expect(body.userId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('announces the account so the users service creates the profile with the name given', async () => {
    const gateway = testStack().gatewayUrl;
    const email = uniqueEmail('named');
    await signUp(gateway, email, STRONG_PASSWORD, 'Ada Lovelace');
    const tokens = await exchange(gateway, await authorize(gateway, email, STRONG_PASSWORD));
    const auth = { authorization: `Bearer ${tokens.body.access_token as string}` };
    await expectEventually(async () => {
      const profile = await request<{ email: string; displayName: string }>(`${gateway}/user/profile`, { headers: auth });
      expect(profile.status).toBe(200);
      expect(profile.body).toEqual(expect.objectContaining({ email, displayName: 'Ada Lovelace' }));
    });
  });

  it('answers 409 for an email already taken, however it is capitalised or padded', async () => {
    const email = uniqueEmail('taken');
    expect((await signUp(testStack().gatewayUrl, email)).status).toBe(201);
    expectProblem(await post({ email: `  ${email.toUpperCase()} `, password: STRONG_PASSWORD }), 409);
  });

  it('lets exactly one of ten concurrent sign-ups with the same email win', async () => {
    const email = uniqueEmail('race');
    const results = await Promise.all(Array.from({ length: 10 }, () => post({ email, password: STRONG_PASSWORD })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(9);
  });

  it.each([
    ['a short password', { password: 'short1!' }, 'password'],
    ['a common password', { password: 'password1234' }, 'password'],
    ['a password that is the email', { password: 'SAME' }, 'password'],
    ['an invalid email', { email: 'not-an-email' }, 'email'],
    ['an email with markup', { email: '<script>@x.y' }, 'email'],
  ])('refuses %s with 400 naming the field', async (_label, override, field) => {
    const email = uniqueEmail('weak');
    const body = { email, password: STRONG_PASSWORD, ...override };
    if (body.password === 'SAME') body.password = email;
    const response = await post(body);
    expectProblem(response, 400);
    expect((response.body as { errors: { path: string }[] }).errors.map((e) => e.path)).toContain(field);
  });

  it.each([
    ['unknown fields', { email: uniqueEmail(), password: STRONG_PASSWORD, admin: true }],
    ['a non-string password', { email: uniqueEmail(), password: 12345678901 }],
    ['an oversized password', { email: uniqueEmail(), password: 'x'.repeat(5_000) }],
    ['an array body', [1, 2, 3]],
    ['an oversized display name', { email: uniqueEmail(), password: STRONG_PASSWORD, displayName: 'n'.repeat(500) }],
  ])('refuses %s with 400', async (_label, body) => {
    expectProblem(await post(body), 400);
  });
});
