import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { Logger } from '@tasksensei/platform';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { GatewayEnv } from '../config/gateway.env.js';
import { webClientCsp } from './web-csp.js';

/**
 * The web client's own paths (apps/web/src/lib/router.tsx): each answers its index.html. An
 * explicit list, not a catch-all, so no API path, `/oidc`, `/socket.io`, `/docs` or `/webhook`
 * can ever be shadowed, and an unknown path stays a problem+json 404. A clash with an API route
 * fails at start (Fastify refuses a duplicate route).
 */
export const CLIENT_ROUTES = [
  '/',
  '/callback',
  '/uploads',
  '/assistant',
  '/assistant/:conversationId',
  '/memory',
  '/settings',
  '/account',
  '/forgot-password',
  '/reset-password',
  '/verify-email',
] as const;

/** Where `npm run build -w @tasksensei/web` writes, from services/gateway/{src,dist}/web/. */
export const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../../../apps/web/dist/', import.meta.url));

const COMMON_HEADERS = {
  'x-content-type-options': 'nosniff',
  'cross-origin-resource-policy': 'same-origin',
} as const;

/**
 * Serves the built web client: hashed files under `/assets/` (cached for a year, immutable)
 * and index.html at the client's routes (revalidated on every load, so a deploy shows at once).
 * Not built (a service-only checkout): nothing is registered and `/` stays a 404.
 */
export function registerWebClient(fastify: FastifyInstance, env: GatewayEnv, logger: Logger, distDir = DEFAULT_WEB_DIST): void {
  const dist = distDir.replace(/\/+$/, '');
  const indexFile = `${dist}/index.html`;
  if (!existsSync(indexFile)) {
    logger.warn({ distDir }, 'web client not built (npm run build -w @tasksensei/web): not serving it');
    return;
  }
  const pageHeaders = {
    ...COMMON_HEADERS,
    'content-security-policy': webClientCsp(env),
    'cache-control': 'no-cache',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  };
  void fastify.register(async (scope) => {
    await scope.register(fastifyStatic, {
      root: `${dist}/assets`,
      prefix: '/assets/',
      wildcard: true,
      index: false,
      list: false,
      decorateReply: false,
      dotfiles: 'deny',
      maxAge: '365d',
      immutable: true,
      setHeaders: (reply: FastifyReply) => void reply.headers(COMMON_HEADERS),
    });
    // Read on each request (it is under 1 KB), so a rebuilt client is served without a restart;
    // while a rebuild has emptied dist/, the last one read still answers.
    let lastIndex: Buffer | undefined;
    const page = async (_request: unknown, reply: FastifyReply) => {
      try {
        lastIndex = await readFile(indexFile);
      } catch (error) {
        if (!lastIndex) throw error;
      }
      return reply.headers(pageHeaders).type('text/html; charset=utf-8').send(lastIndex);
    };
    for (const url of CLIENT_ROUTES) scope.get(url, page);
    // Pages without an icon of their own (the sign-in pages) make browsers ask for /favicon.ico.
    const icon = async (_request: unknown, reply: FastifyReply) =>
      reply
        .headers({ ...COMMON_HEADERS, 'cache-control': 'public, max-age=86400' })
        .type('image/svg+xml')
        .send(await readFile(`${dist}/favicon.svg`));
    scope.get('/favicon.svg', icon);
    scope.get('/favicon.ico', icon);
  });
}
