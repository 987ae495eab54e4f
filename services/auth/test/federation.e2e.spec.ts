import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Provider from 'oidc-provider';
import * as client from 'openid-client';
import { Stack, freePort, freePorts } from '@tasksensei/devstack';
import { CookieJar, authorize, exchange, signUp, uniqueEmail } from '../../../test/support/auth.js';
import { awaitMail, linkToken } from '../../../test/support/mail.js';
import { request, testStack } from '../../../test/support/test-stack.js';

const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/**
 * Social login: a second, independent OpenID provider plays Google. The built-in provider
 * offers "Continue with Upstream", runs code + PKCE against it, and creates (then reuses) the
 * linked TaskSensei account.
 */
describe('sign-in through an upstream OpenID provider', () => {
  let upstream: Server;
  let stack: Stack;
  let dataDir: string;
  const firstUser = { sub: 'google-user-1', email: 'federated.user@example.com', email_verified: true, name: 'Fed User' };
  /** Who is signed in at the upstream right now (a test may switch it). */
  let upstreamUser = firstUser;

  beforeAll(async () => {
    const upstreamPort = await freePort();
    const issuer = `http://127.0.0.1:${upstreamPort}`;
    const shared = testStack().ports;
    const ports = {
      ...(await freePorts()),
      dynamodb: shared.dynamodb,
      s3: shared.s3,
      chroma: shared.chroma,
      mail: shared.mail,
      mailbox: shared.mailbox,
    };
    const publicUrl = `http://localhost:${ports.gateway}`;

    const provider = new Provider(issuer, {
      clients: [
        {
          client_id: 'tasksensei',
          client_secret: 'upstream-client-secret-0123456789',
          redirect_uris: [`${publicUrl}/oidc/federated/callback`],
          token_endpoint_auth_method: 'client_secret_post',
        },
      ],
      claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
      conformIdTokenClaims: false,
      findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ ...upstreamUser, sub }) }),
      features: { devInteractions: { enabled: false } },
      interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    });
    const callback = provider.callback();
    // The upstream user is already signed in there: its interaction completes at once.
    upstream = createServer((req, res) => {
      if (!req.url?.startsWith('/interaction/')) return void callback(req, res);
      void (async () => {
        const details = await provider.interactionDetails(req, res);
        const grant = new provider.Grant({ accountId: upstreamUser.sub, clientId: details.params.client_id as string });
        grant.addOIDCScope('openid email profile');
        await provider.interactionFinished(req, res, { login: { accountId: upstreamUser.sub }, consent: { grantId: await grant.save() } });
      })();
    });
    await new Promise<void>((resolve) => upstream.listen(upstreamPort, '127.0.0.1', resolve));

    dataDir = mkdtempSync(join(tmpdir(), 'tasksensei-federation-'));
    stack = await new Stack({
      dataDir,
      ports,
      startStores: false,
      logLevel: 'warn',
      env: {
        OIDC_UPSTREAMS: JSON.stringify([
          { id: 'upstream', name: 'Upstream', issuer, clientId: 'tasksensei', clientSecret: 'upstream-client-secret-0123456789' },
        ]),
      },
    }).start();
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    stack?.killAll();
    upstream?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** A browser: one cookie jar per origin, following redirects across both providers. */
  async function signInWithUpstream() {
    const done = await startUpstreamSignIn();
    expect(done.code).toBeTruthy();
    return exchange(stack.gatewayUrl, {
      code: done.code!,
      codeVerifier: done.codeVerifier,
      redirectUri: done.redirectUri,
      status: 303,
      body: '',
      headers: new Headers(),
    });
  }

  async function startUpstreamSignIn() {
    const gateway = stack.gatewayUrl;
    const config = (await (await fetch(`${gateway}/config`)).json()) as {
      issuer: string;
      clientId: string;
      redirectUri: string;
      scopes: string[];
    };
    const toLocal = (url: string) => url.replace(new URL(config.issuer).origin, gateway);
    const jars = new Map<string, CookieJar>();
    const jar = (url: string) => jars.get(new URL(url).origin) ?? jars.set(new URL(url).origin, new CookieJar()).get(new URL(url).origin)!;
    const codeVerifier = client.randomPKCECodeVerifier();
    const authorizeUrl = new URL(`${gateway}/oidc/auth`);
    authorizeUrl.search = new URLSearchParams({
      client_id: config.clientId,
      response_type: 'code',
      scope: config.scopes.join(' '),
      redirect_uri: config.redirectUri,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state: 'xyz',
    }).toString();

    const go = async (start: string) => {
      let url = start;
      for (let hop = 0; hop < 20; hop++) {
        const response = await fetch(url, { redirect: 'manual', headers: { cookie: jar(url).header() } });
        jar(url).store(response);
        const location = response.headers.get('location');
        if (!location) return { response, url };
        const next = new URL(location, url).href;
        if (next.startsWith(config.redirectUri)) return { response, url: next };
        url = toLocal(next);
      }
      throw new Error('too many redirects');
    };

    const login = await go(authorizeUrl.href);
    const html = await login.response.text();
    const link = /href="([^"]*federated\/upstream)"/.exec(html)?.[1];
    expect(link).toBeDefined();
    expect(html).toContain('Continue with Upstream');
    const done = await go(new URL(link!, gateway).href);
    // Only a redirect to the client carries our code (the upstream's travels on its callback URL).
    const code = done.url.startsWith(config.redirectUri) ? (new URL(done.url).searchParams.get('code') ?? undefined) : undefined;
    return {
      code,
      codeVerifier,
      redirectUri: config.redirectUri,
      status: done.response.status,
      html: code ? '' : await done.response.text(),
    };
  }

  it('creates the account on first sign-in and reuses it on the next', async () => {
    const first = await signInWithUpstream();
    expect(first.status).toBe(200);
    const idClaims = JSON.parse(Buffer.from((first.body.id_token as string).split('.')[1]!, 'base64url').toString()) as Record<
      string,
      unknown
    >;
    expect(idClaims.email).toBe(upstreamUser.email);

    const me1 = await request<{ userId: string }>(`${stack.gatewayUrl}/me`, {
      headers: { authorization: `Bearer ${first.body.access_token as string}` },
    });
    const second = await signInWithUpstream();
    const me2 = await request<{ userId: string }>(`${stack.gatewayUrl}/me`, {
      headers: { authorization: `Bearer ${second.body.access_token as string}` },
    });

    expect(me1.status).toBe(200);
    expect(me2.body.userId).toBe(me1.body.userId);
    expect(me1.body.userId).not.toBe(upstreamUser.sub);
  }, 60_000);

  it('never links to an existing account whose email was not verified (pre-hijack), and links once the owner proved the mailbox', async () => {
    const gateway = stack.gatewayUrl;
    const victim = { sub: 'google-victim', email: uniqueEmail('victim'), email_verified: true, name: 'Victim' };
    // Someone else signs up first with the victim's address and a password they know.
    expect((await signUp(gateway, victim.email, 'the hijackers own passphrase 1')).status).toBe(201);
    const hijacker = await authorize(gateway, victim.email, 'the hijackers own passphrase 1');
    const hijackerId = (await exchangeFor(hijacker)).sub;

    upstreamUser = victim;
    try {
      const refused = await startUpstreamSignIn();
      expect(refused.code).toBeUndefined();
      expect(refused.status).toBe(409);
      expect(refused.html).toContain('not confirmed');

      // The real owner proves the mailbox with a reset link (which also ends the hijacker's sessions).
      expect((await request(`${gateway}/password/forgot`, json({ email: victim.email }))).status).toBe(202);
      const mail = await awaitMail(gateway, victim.email, /reset your/i);
      expect(
        (
          await request(
            `${gateway}/password/reset`,
            json({ token: linkToken(mail, '/reset-password'), password: 'the owners new passphrase 2' }),
          )
        ).status,
      ).toBe(204);

      const linked = await signInWithUpstream();
      expect(linked.status).toBe(200);
      const me = await request<{ userId: string }>(`${gateway}/me`, {
        headers: { authorization: `Bearer ${linked.body.access_token as string}` },
      });
      expect(me.body.userId).toBe(hijackerId);
    } finally {
      upstreamUser = firstUser;
    }
  }, 90_000);

  async function exchangeFor(attempt: Awaited<ReturnType<typeof authorize>>) {
    const tokens = await exchange(stack.gatewayUrl, attempt);
    expect(tokens.status).toBe(200);
    return JSON.parse(Buffer.from((tokens.body.access_token as string).split('.')[1]!, 'base64url').toString()) as { sub: string };
  }

  it('refuses a callback whose state it never issued', async () => {
    const response = await fetch(`${stack.gatewayUrl}/oidc/federated/callback?code=abc&state=forged`, { redirect: 'manual' });
    expect(response.status).toBe(400);
  });
});
