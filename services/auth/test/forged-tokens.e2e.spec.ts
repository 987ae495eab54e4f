import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT, decodeProtectedHeader, generateKeyPair, importJWK, type JWK } from 'jose';
import { signUpAndLogin, type Session } from '../../../test/support/auth.js';
import { expectProblem, request, testStack } from '../../../test/support/test-stack.js';

const me = (token: string) => request(`${testStack().gatewayUrl}/me`, { headers: { authorization: `Bearer ${token}` } });
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const parts = (jwt: string) => jwt.split('.') as [string, string, string];
const claims = (jwt: string) => JSON.parse(Buffer.from(parts(jwt)[1], 'base64url').toString()) as Record<string, unknown>;

describe('the gateway refuses every token it did not get from the issuer, as issued', () => {
  let session: Session;
  let issuerKey: JWK;

  beforeAll(async () => {
    session = await signUpAndLogin(testStack().gatewayUrl, 'forged');
    // The test reads the stack's own signing key, to prove checks beyond the signature.
    const file = JSON.parse(readFileSync(join(testStack().dataDir, 'auth', 'keys.json'), 'utf8')) as { keys: JWK[] };
    issuerKey = file.keys[0]!;
  });

  const signWithIssuerKey = async (payload: Record<string, unknown>) =>
    new SignJWT(payload).setProtectedHeader({ alg: 'ES256', kid: issuerKey.kid!, typ: 'at+jwt' }).sign(await importJWK(issuerKey, 'ES256'));

  it('accepts the genuine token (the baseline for the cases below)', async () => {
    expect((await me(session.accessToken)).status).toBe(200);
  });

  it.each([
    ['no Authorization header', undefined],
    ['a Basic credential', 'Basic dXNlcjpwYXNz'],
    ['garbage', 'Bearer not.a.jwt'],
    ['an oversized header', `Bearer ${'a'.repeat(10_000)}`],
  ])('401 for %s', async (_label, header) => {
    const response = await request(`${testStack().gatewayUrl}/me`, { headers: header ? { authorization: header } : {} });
    expectProblem(response, 401);
  });

  it('401 for alg none', async () => {
    const [header, payload] = parts(session.accessToken);
    const unsigned = `${b64({ ...JSON.parse(Buffer.from(header, 'base64url').toString()), alg: 'none' })}.${payload}.`;
    expectProblem(await me(unsigned), 401);
  });

  it('401 for a tampered payload', async () => {
    const [header, , signature] = parts(session.accessToken);
    const tampered = `${header}.${b64({ ...claims(session.accessToken), sub: 'someone-else' })}.${signature}`;
    expectProblem(await me(tampered), 401);
  });

  it('401 for a foreign key that claims the issuer key id', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const { kid } = decodeProtectedHeader(session.accessToken);
    const forged = await new SignJWT(claims(session.accessToken)).setProtectedHeader({ alg: 'ES256', kid: kid! }).sign(privateKey);
    expectProblem(await me(forged), 401);
  });

  it('401 for HS256 signed with the public key (algorithm confusion)', async () => {
    const { d: _d, ...publicJwk } = issuerKey;
    const secret = new TextEncoder().encode(JSON.stringify(publicJwk));
    const forged = await new SignJWT(claims(session.accessToken)).setProtectedHeader({ alg: 'HS256', kid: issuerKey.kid! }).sign(secret);
    expectProblem(await me(forged), 401);
  });

  it('401 for an expired token, even when genuinely signed', async () => {
    const now = Math.floor(Date.now() / 1000);
    expectProblem(await me(await signWithIssuerKey({ ...claims(session.accessToken), iat: now - 7_200, exp: now - 3_600 })), 401);
  });

  it('401 for a token not yet valid', async () => {
    const now = Math.floor(Date.now() / 1000);
    expectProblem(await me(await signWithIssuerKey({ ...claims(session.accessToken), nbf: now + 3_600 })), 401);
  });

  it('401 for another issuer or another audience, even when genuinely signed', async () => {
    expectProblem(await me(await signWithIssuerKey({ ...claims(session.accessToken), iss: 'https://evil.example/oidc' })), 401);
    expectProblem(await me(await signWithIssuerKey({ ...claims(session.accessToken), aud: 'tasksensei-web' })), 401);
  });

  it('401 for an ID token used as an access token', async () => {
    expectProblem(await me(session.idToken), 401);
  });
});
