/** RFC 7636 PKCE and the `state` of one sign-in attempt, kept in sessionStorage until the callback. */

const PREFIX = 'tasksensei.signin.';
/** An attempt older than this is refused at the callback (the provider's code lives 60 s anyway). */
const MAX_AGE_MS = 30 * 60_000;

export interface PendingSignIn {
  readonly verifier: string;
  /** Where to go back to inside the app after signing in. */
  readonly returnTo: string;
  readonly createdAt: number;
}

function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function randomToken(byteLength = 32): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(byteLength)));
}

export async function s256(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

/** Starts an attempt: a fresh verifier (43 chars) and state, stored under the state. */
export async function beginAttempt(returnTo: string): Promise<{ state: string; challenge: string }> {
  const state = randomToken(24);
  const verifier = randomToken(32);
  const pending: PendingSignIn = { verifier, returnTo, createdAt: Date.now() };
  sessionStorage.setItem(PREFIX + state, JSON.stringify(pending));
  return { state, challenge: await s256(verifier) };
}

/** Takes (and removes) the attempt a callback's `state` names; undefined for an unknown or stale one. */
export function takeAttempt(state: string): PendingSignIn | undefined {
  const key = PREFIX + state;
  const raw = sessionStorage.getItem(key);
  sessionStorage.removeItem(key);
  // Abandoned attempts of this tab go too.
  for (let i = sessionStorage.length - 1; i >= 0; i -= 1) {
    const other = sessionStorage.key(i);
    if (other?.startsWith(PREFIX)) sessionStorage.removeItem(other);
  }
  if (!raw) return undefined;
  try {
    const pending = JSON.parse(raw) as PendingSignIn;
    return Date.now() - pending.createdAt <= MAX_AGE_MS ? pending : undefined;
  } catch {
    return undefined;
  }
}
