import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The refresh token lives only in an HttpOnly, SameSite=Strict cookie. Over https it is
 * `__Host-ts_refresh` (Secure, no Domain: no subdomain can set or shadow it). `__Host-` requires
 * `Path=/`, and /refresh and /logout share no narrower prefix, so `/` is also the narrowest path
 * that works; the /oidc tunnel drops it from what it forwards (see REFRESH_COOKIE_NAMES).
 */
export const REFRESH_COOKIE = 'ts_refresh';
export const SECURE_REFRESH_COOKIE = '__Host-ts_refresh';
export const REFRESH_COOKIE_NAMES: readonly string[] = [REFRESH_COOKIE, SECURE_REFRESH_COOKIE];

const TOKEN = /^[A-Za-z0-9._~+/=-]{1,4096}$/;

export function setRefreshCookie(reply: FastifyReply, token: string, secure: boolean, maxAgeSeconds: number) {
  void reply.header('set-cookie', serialise(token, secure, maxAgeSeconds));
}

export function clearRefreshCookie(reply: FastifyReply, secure: boolean) {
  void reply.header('set-cookie', serialise('', secure, 0));
}

/** The token from the cookie; undefined when absent or malformed (answered like a missing one, never a 500). */
export function readRefreshCookie(request: FastifyRequest, secure: boolean): string | undefined {
  const header = request.headers.cookie;
  if (!header || header.length > 16_384) return undefined;
  const wanted = secure ? SECURE_REFRESH_COOKIE : REFRESH_COOKIE;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === wanted) {
      let value: string;
      try {
        value = decodeURIComponent(part.slice(index + 1).trim());
      } catch {
        return undefined;
      }
      return TOKEN.test(value) ? value : undefined;
    }
  }
  return undefined;
}

/** A Cookie header without the refresh cookie: what may travel on to other components. */
export function withoutRefreshCookie(header: string): string {
  return header
    .split(';')
    .filter((part) => !REFRESH_COOKIE_NAMES.includes(part.slice(0, Math.max(0, part.indexOf('='))).trim()))
    .join(';')
    .trim();
}

function serialise(value: string, secure: boolean, maxAge: number) {
  const name = secure ? SECURE_REFRESH_COOKIE : REFRESH_COOKIE;
  return [
    `${name}=${encodeURIComponent(value)}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${maxAge}`,
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}
