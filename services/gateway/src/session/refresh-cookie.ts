import type { FastifyReply, FastifyRequest } from 'fastify';

export const REFRESH_COOKIE = 'ts_refresh';

/** The refresh token lives only in an HttpOnly, SameSite=Strict cookie (Secure over https). */
export function setRefreshCookie(reply: FastifyReply, token: string, secure: boolean, maxAgeSeconds: number) {
  void reply.header('set-cookie', serialise(token, secure, maxAgeSeconds));
}

export function clearRefreshCookie(reply: FastifyReply, secure: boolean) {
  void reply.header('set-cookie', serialise('', secure, 0));
}

export function readRefreshCookie(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  if (!header || header.length > 16_384) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === REFRESH_COOKIE) {
      const value = part.slice(index + 1).trim();
      return value ? decodeURIComponent(value) : undefined;
    }
  }
  return undefined;
}

function serialise(value: string, secure: boolean, maxAge: number) {
  return [`${REFRESH_COOKIE}=${encodeURIComponent(value)}`, 'Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${maxAge}`, ...(secure ? ['Secure'] : [])].join('; ');
}
