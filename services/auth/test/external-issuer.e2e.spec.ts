import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey } from 'jose';
import { freePort, type Component } from '@tasksensei/devstack';
import { startOwnGateway } from '../../../test/support/own-gateway.js';
import { expectProblem, request } from '../../../test/support/test-stack.js';

const CLIENT_ID = 'cognito-app-client-1';

/**
 * A second, independent issuer shaped like a Cognito user pool: discovery plus JWKS, and access
 * tokens that carry `client_id` and `token_use` instead of `aud`. A gateway configured with
 * OIDC_ISSUER_URL/OIDC_CLIENT_ID must accept its access tokens and nothing else.
 */
describe('the gateway against an external (Cognito-style) issuer', () => {
  let issuer: string;
  let server: Server;
  let key: CryptoKey;
  let gateway: Component;
  let dataDir: string;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    key = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'cognito-key-1', alg: 'RS256', use: 'sig' };
    const port = await freePort();
    issuer = `http://127.0.0.1:${port}/eu-west-1_TestPool`;
    server = createServer((req, res) => {
      const body =
        req.url === '/eu-west-1_TestPool/.well-known/openid-configuration'
          ? {
              issuer,
              jwks_uri: `${issuer}/.well-known/jwks.json`,
              authorization_endpoint: `${issuer}/oauth2/authorize`,
              token_endpoint: `${issuer}/oauth2/token`,
            }
          : req.url === '/eu-west-1_TestPool/.well-known/jwks.json'
            ? { keys: [jwk] }
            : undefined;
      res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(body ?? {}));
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));

    dataDir = mkdtempSync(join(tmpdir(), 'tasksensei-external-issuer-'));
    gateway = await startOwnGateway(dataDir, {
      OIDC_ISSUER_URL: issuer,
      OIDC_CLIENT_ID: CLIENT_ID,
    });
  }, 60_000);

  afterAll(async () => {
    await gateway?.stop();
    server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const token = (claims: Record<string, unknown>, kid = 'cognito-key-1') =>
    new SignJWT({ sub: 'cognito-user-1', token_use: 'access', client_id: CLIENT_ID, scope: 'openid email', ...claims })
      .setProtectedHeader({ alg: 'RS256', kid })
      .setIssuer(issuer)
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(key);
  const me = async (jwt: string) => request(`${gateway.url}/me`, { headers: { authorization: `Bearer ${jwt}` } });

  it('accepts an access token with client_id and no aud', async () => {
    const response = await me(await token({}));
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ userId: 'cognito-user-1' });
  });

  it('refuses an access token issued to another app client', async () => {
    expectProblem(await me(await token({ client_id: 'another-client' })), 401);
  });

  it('refuses a Cognito ID token (token_use id), even with the right audience', async () => {
    expectProblem(await me(await token({ token_use: 'id', client_id: undefined, aud: CLIENT_ID })), 401);
  });

  it('refuses a plain OIDC ID token of the issuer (aud = the client, no token_use, typ JWT)', async () => {
    const idToken = await new SignJWT({ sub: 'cognito-user-1', aud: CLIENT_ID, email: 'a@example.com' })
      .setProtectedHeader({ alg: 'RS256', kid: 'cognito-key-1', typ: 'JWT' })
      .setIssuer(issuer)
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(key);
    expectProblem(await me(idToken), 401);
  });

  it('refuses a token whose kid the issuer does not publish', async () => {
    expectProblem(await me(await token({}, 'unknown-kid')), 401);
  });
});
