import { jest } from '@jest/globals';
import { SignJWT, createLocalJWKSet, exportJWK, generateKeyPair, type JWTVerifyGetKey } from 'jose';
import type { GatewayEnv } from '../config/gateway.env.js';
import type { Logger } from '@tasksensei/platform';
import type { JwksSource } from './jwks-source.js';
import { RevocationList } from './revocation-list.js';
import { TokenVerifier } from './token-verifier.js';

const env = { PUBLIC_URL: 'http://localhost:8080', API_AUDIENCE: 'urn:tasksensei:api', TOKEN_CLOCK_SKEW_SECONDS: 0 } as GatewayEnv;

describe('TokenVerifier', () => {
  let sign: (claims: Record<string, unknown>, expiresIn: string, typ?: string) => Promise<string>;
  let signExternal: (claims: Record<string, unknown>, typ?: string) => Promise<string>;
  let verifier: TokenVerifier;
  let external: TokenVerifier;
  let revocations: RevocationList;
  /** Every key lookup the verifier makes: a cached token needs none. */
  let keyFetches: jest.Mock<JWTVerifyGetKey>;

  beforeAll(async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const jwks = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' }] });
    revocations = new RevocationList({ warn: () => undefined } as unknown as Logger);
    keyFetches = jest.fn<JWTVerifyGetKey>((header, token) => jwks(header, token));
    verifier = new TokenVerifier({ getKey: keyFetches } as unknown as JwksSource, env, revocations);
    const externalEnv = { ...env, OIDC_ISSUER_URL: 'https://issuer.example/pool', OIDC_CLIENT_ID: 'app-client' } as GatewayEnv;
    external = new TokenVerifier({ getKey: jwks } as unknown as JwksSource, externalEnv, revocations);
    signExternal = (claims, typ) =>
      new SignJWT({ sub: 'user-1', ...claims })
        .setProtectedHeader({ alg: 'ES256', kid: 'k1', ...(typ ? { typ } : {}) })
        .setIssuer('https://issuer.example/pool')
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(privateKey);
    sign = (claims, expiresIn, typ = 'at+jwt') =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256', kid: 'k1', typ })
        .setIssuer('http://localhost:8080/oidc')
        .setAudience('urn:tasksensei:api')
        .setSubject('user-1')
        .setIssuedAt()
        .setExpirationTime(expiresIn)
        .sign(privateKey);
  });

  afterEach(() => {
    jest.useRealTimers();
    keyFetches.mockClear();
  });

  it('verifies a token and answers the same token again from its cache, without fetching its key again', async () => {
    const token = await sign({}, '10m');
    expect((await verifier.verify(token)).sub).toBe('user-1');
    expect(keyFetches).toHaveBeenCalledTimes(1);
    expect((await verifier.verify(token)).sub).toBe('user-1');
    expect(keyFetches).toHaveBeenCalledTimes(1);
    // Another token is not answered from the first one's entry.
    expect((await verifier.verify(await sign({ sid: 's-2' }, '10m'))).sid).toBe('s-2');
    expect(keyFetches).toHaveBeenCalledTimes(2);
  });

  it('stops honouring a cached token once it expires', async () => {
    const token = await sign({}, '2s');
    await verifier.verify(token);
    jest.useFakeTimers({ now: Date.now() + 5_000, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    await expect(verifier.verify(token)).rejects.toThrow(/not valid/);
    // Refused by a fresh verification, not by a stale cache entry.
    expect(keyFetches).toHaveBeenCalledTimes(2);
  });

  it('treats a token that differs by one byte as a new one', async () => {
    const token = await sign({}, '10m');
    await verifier.verify(token);
    const [header, payload, signature] = token.split('.');
    const other = Buffer.from(payload!, 'base64url').toString().replace('user-1', 'user-2');
    await expect(verifier.verify(`${header}.${Buffer.from(other).toString('base64url')}.${signature}`)).rejects.toThrow();
  });

  it('refuses an ID token of the built-in issuer, even with the API audience', async () => {
    await expect(verifier.verify(await sign({}, '10m', 'JWT'))).rejects.toThrow(/Not an access token/);
    await expect(verifier.verify(await sign({ token_use: 'id' }, '10m'))).rejects.toThrow(/Not an access token/);
  });

  it('with an external issuer: accepts its access tokens and refuses its ID tokens', async () => {
    // RFC 9068 access token and a Cognito access token.
    expect((await external.verify(await signExternal({ aud: 'app-client' }, 'at+jwt'))).sub).toBe('user-1');
    expect((await external.verify(await signExternal({ client_id: 'app-client', token_use: 'access' }))).sub).toBe('user-1');
    // A plain OIDC ID token (aud = the client, typ JWT) and a Cognito ID token (token_use id).
    await expect(external.verify(await signExternal({ aud: 'app-client' }, 'JWT'))).rejects.toThrow(/Not an access token/);
    await expect(external.verify(await signExternal({ aud: 'app-client' }))).rejects.toThrow(/Not an access token/);
    await expect(external.verify(await signExternal({ aud: 'app-client', token_use: 'id' }, 'at+jwt'))).rejects.toThrow(
      /Not an access token/,
    );
  });

  it("refuses a revoked session's token, cached or not, and a user's tokens issued before a revoke-all except the kept session", async () => {
    const apply = (key: string, value: object) =>
      (revocations as unknown as { apply: (e: object) => void }).apply({ operation: 'PUT', key, string: () => JSON.stringify(value) });
    const now = Math.floor(Date.now() / 1000);
    const ended = await sign({ sid: 's-ended' }, '10m');
    await verifier.verify(ended);
    apply(`session.${Buffer.from('s-ended').toString('base64url')}`, { revokedAt: now });
    await expect(verifier.verify(ended)).rejects.toThrow(/session has ended/);

    const kept = await sign({ sid: 's-kept' }, '10m');
    const other = await sign({ sid: 's-other' }, '10m');
    apply(`user.${Buffer.from('user-1').toString('base64url')}`, { revokedAt: now + 1, except: 's-kept' });
    await expect(verifier.verify(other)).rejects.toThrow(/session has ended/);
    expect((await verifier.verify(kept)).sid).toBe('s-kept');
  });
});
