import { readResponse, ApiError } from '../api/problem.js';
import type { ClientConfig, TokenResponse } from '../api/types.js';
import { beginAttempt, takeAttempt } from './pkce.js';
import type { Session } from './session.js';

interface Discovery {
  readonly authorization_endpoint: string;
  readonly end_session_endpoint?: string;
  readonly prompt_values_supported?: readonly string[];
}

let config: Promise<ClientConfig> | undefined;
let discovery: Promise<Discovery> | undefined;

async function getJson<T>(url: string): Promise<T> {
  try {
    return await readResponse<T>(await fetch(url, { headers: { accept: 'application/json' } }));
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw ApiError.offline();
  }
}

/** `GET /config`: the issuer and client the gateway is set up with (built-in provider, Cognito...). */
export function clientConfig(): Promise<ClientConfig> {
  config ??= getJson<ClientConfig>('/config').catch((error: unknown) => {
    config = undefined;
    throw error;
  });
  return config;
}

function providerMetadata(): Promise<Discovery> {
  discovery ??= clientConfig()
    .then((c) => getJson<Discovery>(`${c.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`))
    .catch((error: unknown) => {
      discovery = undefined;
      throw error;
    });
  return discovery;
}

/**
 * Sends the browser to the provider's sign-in page (authorization code + PKCE S256).
 * `signUp` asks for the registration form with `prompt=create` (OpenID Connect "Initiating User
 * Registration") where the provider supports it; the built-in provider's sign-in page links to
 * its sign-up form either way.
 */
export async function startSignIn(options: { returnTo?: string; signUp?: boolean } = {}): Promise<void> {
  const [c, d] = await Promise.all([clientConfig(), providerMetadata()]);
  const { state, challenge } = await beginAttempt(options.returnTo ?? '/');
  const url = new URL(d.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: c.clientId,
    redirect_uri: c.redirectUri,
    scope: c.scopes.join(' '),
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...(options.signUp && d.prompt_values_supported?.includes('create') ? { prompt: 'create' } : {}),
  }).toString();
  window.location.assign(url.toString());
}

/** The callback: checks `state`, exchanges the code at `/auth`; returns where to go next. */
export async function completeSignIn(search: string, session: Session): Promise<string> {
  const params = new URLSearchParams(search);
  const state = params.get('state') ?? '';
  const pending = state ? takeAttempt(state) : undefined;
  const providerError = params.get('error');
  if (providerError) {
    throw new ApiError(400, 'Sign-in failed', params.get('error_description') ?? `The sign-in was not completed (${providerError}).`);
  }
  const code = params.get('code');
  const c = await clientConfig();
  // RFC 9207: a response that names another issuer is a mix-up attempt.
  const iss = params.get('iss');
  if (iss && iss !== c.issuer)
    throw new ApiError(400, 'Sign-in failed', 'The sign-in response came from an unexpected provider. Please sign in again.');
  if (!code || !pending) {
    throw new ApiError(400, 'Sign-in expired', 'This sign-in link has expired or was started in another tab. Please sign in again.');
  }
  let response: Response;
  try {
    response = await fetch('/auth', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ code, code_verifier: pending.verifier, redirect_uri: c.redirectUri }),
      credentials: 'same-origin',
    });
  } catch {
    throw ApiError.offline();
  }
  session.accept(await readResponse<TokenResponse>(response), true);
  return pending.returnTo.startsWith('/') && !pending.returnTo.startsWith('//') ? pending.returnTo : '/';
}

/**
 * Signs out: revokes the refresh token (`/logout`), tells every tab, then ends the provider's
 * own session (RP-initiated logout) so the next sign-in asks for the password again.
 */
export async function signOut(session: Session): Promise<void> {
  const idToken = session.idToken;
  await fetch('/logout', { method: 'POST', credentials: 'same-origin' }).catch(() => undefined);
  session.signedOut(true);
  const [c, d] = await Promise.all([clientConfig(), providerMetadata()]).catch(() => [undefined, undefined] as const);
  if (!c || !d?.end_session_endpoint) return;
  const url = new URL(d.end_session_endpoint);
  url.search = new URLSearchParams({
    client_id: c.clientId,
    post_logout_redirect_uri: new URL(c.redirectUri).origin,
    ...(idToken ? { id_token_hint: idToken } : {}),
  }).toString();
  window.location.assign(url.toString());
}
