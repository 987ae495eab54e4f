import { randomUUID } from 'node:crypto';
import * as client from 'openid-client';

/** A minimal cookie jar: enough for the provider's session and interaction cookies. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  store(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const index = pair!.indexOf('=');
      const name = pair!.slice(0, index).trim();
      const value = pair!.slice(index + 1).trim();
      if (!value || /max-age=0/i.test(line) || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }
}

export interface ClientConfig {
  issuer: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
}

export interface LoginAttempt {
  /** The authorization code, when the login succeeded. */
  readonly code?: string;
  readonly codeVerifier: string;
  readonly redirectUri: string;
  /** The last response of the provider (the login page again, an error page, 429...). */
  readonly status: number;
  readonly body: string;
  readonly headers: Headers;
}

export const uniqueEmail = (label = 'user') => `${label}-${randomUUID().slice(0, 8)}@example.com`;
export const STRONG_PASSWORD = 'correct horse battery staple 42';

export async function signUp(gatewayUrl: string, email: string, password = STRONG_PASSWORD, displayName?: string) {
  const response = await fetch(`${gatewayUrl}/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password, ...(displayName ? { displayName } : {}) }),
  });
  return { status: response.status, body: (await response.json()) as { userId?: string } & Record<string, unknown> };
}

export interface AuthorizeOptions {
  /** Asked for the second factor when the provider shows the code form (two-factor on). */
  readonly code?: () => string | Promise<string>;
  /** Another client address: a fetch bound to it (see `fetchFrom`). */
  readonly fetch?: typeof fetch;
}

/**
 * Drives the authorization code flow with PKCE as a browser would, with openid-client building
 * the request from the issuer's discovery document: authorize, the login form, the redirect.
 */
export async function authorize(
  gatewayUrl: string,
  email: string,
  password: string,
  jar = new CookieJar(),
  options: AuthorizeOptions = {},
): Promise<LoginAttempt> {
  const fetch = options.fetch ?? globalThis.fetch;
  const config = (await (await fetch(`${gatewayUrl}/config`)).json()) as ClientConfig;
  const oidc = await client.discovery(new URL(config.issuer), config.clientId, undefined, client.None(), {
    execute: [client.allowInsecureRequests],
    // The issuer is PUBLIC_URL (localhost:<port>): reach it through this run's gateway.
    [client.customFetch]: (url, options) => fetch(url.replace(new URL(config.issuer).origin, gatewayUrl), options as RequestInit),
  });
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const url = client.buildAuthorizationUrl(oidc, {
    redirect_uri: config.redirectUri,
    scope: config.scopes.join(' '),
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
  });
  const local = (u: string) => u.replace(new URL(config.issuer).origin, gatewayUrl);

  let response = await follow(local(url.href), jar, local, fetch);
  const codeFrom = (r: Response): LoginAttempt | undefined => {
    const location = r.headers.get('location');
    if (!location?.startsWith(config.redirectUri)) return undefined;
    const params = new URL(location).searchParams;
    if (params.get('state') !== state) throw new Error('state mismatch');
    const code = params.get('code') ?? undefined;
    return { ...(code ? { code } : {}), codeVerifier, redirectUri: config.redirectUri, status: r.status, body: '', headers: r.headers };
  };
  // An existing provider session skips the login form.
  const direct = codeFrom(response);
  if (direct) return direct;
  const html = await response.text();
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1]?.replace(/&#(\d+);/g, (_, c: string) => String.fromCharCode(Number(c)));
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!action || !csrf)
    return { codeVerifier, redirectUri: config.redirectUri, status: response.status, body: html, headers: response.headers };

  response = await fetch(new URL(action, gatewayUrl), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header() },
    body: new URLSearchParams({ csrf, email, password }).toString(),
  });
  jar.store(response);
  if (response.status === 303 || response.status === 302)
    response = await follow(local(new URL(response.headers.get('location')!, gatewayUrl).href), jar, local, fetch);
  const redirected = codeFrom(response);
  if (redirected) return redirected;
  const page = await response.text();
  const codeForm = /<form[^>]*action="([^"]+\/mfa)"/.exec(page)?.[1];
  if (!codeForm || !options.code)
    return { codeVerifier, redirectUri: config.redirectUri, status: response.status, body: page, headers: response.headers };
  // Two-factor on: the same interaction now asks for the code.
  response = await fetch(new URL(codeForm, gatewayUrl), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header() },
    body: new URLSearchParams({ csrf: /name="csrf" value="([^"]+)"/.exec(page)![1]!, code: await options.code() }).toString(),
  });
  jar.store(response);
  if (response.status === 303 || response.status === 302)
    response = await follow(local(new URL(response.headers.get('location')!, gatewayUrl).href), jar, local, fetch);
  const afterCode = codeFrom(response);
  if (afterCode) return afterCode;
  return { codeVerifier, redirectUri: config.redirectUri, status: response.status, body: await response.text(), headers: response.headers };
}

/** A fetch whose connections come from another loopback address (127.0.0.2...): another client, as the gateway sees it. */
export async function fetchFrom(localAddress: string): Promise<typeof fetch> {
  const { Agent, fetch: undiciFetch } = await import('undici');
  const dispatcher = new Agent({ localAddress });
  return ((input: string | URL, init?: RequestInit) => undiciFetch(input, { ...(init as object), dispatcher })) as unknown as typeof fetch;
}

/** Follows redirects inside the provider, stopping at the client's redirect URI. */
async function follow(
  url: string,
  jar: CookieJar,
  local: (u: string) => string,
  fetch: typeof globalThis.fetch = globalThis.fetch,
): Promise<Response> {
  let current = url;
  for (let hop = 0; hop < 10; hop++) {
    const response = await fetch(current, { redirect: 'manual', headers: { cookie: jar.header() } });
    jar.store(response);
    const location = response.headers.get('location');
    if (![301, 302, 303, 307, 308].includes(response.status) || !location) return response;
    const next = new URL(location, current).href;
    if (!next.includes('/oidc/')) return response;
    current = local(next);
  }
  throw new Error('too many redirects');
}

export interface Session {
  readonly userId: string;
  readonly email: string;
  readonly accessToken: string;
  readonly idToken: string;
  readonly refreshToken: string;
}

export async function exchange(gatewayUrl: string, attempt: LoginAttempt) {
  const response = await fetch(`${gatewayUrl}/auth`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: attempt.code, code_verifier: attempt.codeVerifier, redirect_uri: attempt.redirectUri }),
  });
  const refreshCookie = response.headers.getSetCookie().find((c) => c.startsWith('ts_refresh='));
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, refreshCookie, headers: response.headers };
}

/** Signs up a fresh user and logs in through the whole PKCE flow. */
export async function signUpAndLogin(gatewayUrl: string, label = 'user'): Promise<Session> {
  const email = uniqueEmail(label);
  const created = await signUp(gatewayUrl, email);
  if (created.status !== 201) throw new Error(`signup failed: ${created.status} ${JSON.stringify(created.body)}`);
  return { ...(await login(gatewayUrl, email)), userId: created.body.userId! };
}

/** Signs an existing account in through the whole PKCE flow (a new device: its own cookie jar). */
export async function login(
  gatewayUrl: string,
  email: string,
  password = STRONG_PASSWORD,
  options: AuthorizeOptions = {},
): Promise<Session> {
  const attempt = await authorize(gatewayUrl, email, password, new CookieJar(), options);
  if (!attempt.code)
    throw new Error(`login failed: ${attempt.status} ${attempt.body.replace(/<style>[\s\S]*<\/style>/, '').slice(0, 600)}`);
  const tokens = await exchange(gatewayUrl, attempt);
  if (tokens.status !== 200) throw new Error(`code exchange failed: ${tokens.status} ${JSON.stringify(tokens.body)}`);
  const refreshToken = decodeURIComponent(tokens.refreshCookie!.split(';')[0]!.split('=')[1]!);
  const claims = JSON.parse(Buffer.from((tokens.body.access_token as string).split('.')[1]!, 'base64url').toString()) as { sub: string };
  return {
    userId: claims.sub,
    email,
    accessToken: tokens.body.access_token as string,
    idToken: tokens.body.id_token as string,
    refreshToken,
  };
}
