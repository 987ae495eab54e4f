import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { ServiceError } from '@tasksensei/contracts';
import { answerFor } from '../problem/problem.js';

export interface EdgeRateLimits {
  /** Requests per minute per client address to the sign-in endpoints. */
  signInPerMinute: number;
  /** Requests per minute per client address to POST /webhook. */
  webhookPerMinute: number;
}

type Group = 'sign-in' | 'webhook';

const SIGN_IN_PATHS = new Set(['/signup', '/auth', '/refresh']);

/** The limit a request falls under, by path prefix, so routes that land later are covered too. */
function groupOf(request: FastifyRequest): Group | undefined {
  const path = request.url.split('?', 1)[0] ?? '';
  if (path === '/password' || path.startsWith('/password/')) return 'sign-in';
  if (request.method !== 'POST') return undefined;
  if (SIGN_IN_PATHS.has(path) || path === '/oidc' || path.startsWith('/oidc/')) return 'sign-in';
  if (path === '/webhook') return 'webhook';
  return undefined;
}

/**
 * Per client address (request.ip, so TRUST_PROXY_HOPS decides which address that is) limits on
 * the unauthenticated endpoints; over the limit is 429 problem+json with Retry-After. Registered
 * on the root before any route, so every route and the 404 handler see it.
 */
export async function registerEdgeRateLimits(fastify: FastifyInstance, limits: EdgeRateLimits): Promise<void> {
  await fastify.register(rateLimit, { global: false });
  const limiter = (group: Group, max: number) =>
    fastify.rateLimit({
      max,
      timeWindow: 60_000,
      keyGenerator: (request) => `${group}:${request.ip}`,
      errorResponseBuilder: (_request, context) =>
        Object.assign(new Error(`rate limit of ${context.max} per minute exceeded, retry in ${context.after}`), {
          statusCode: context.statusCode,
        }),
    });
  const limiters: Record<Group, preHandlerAsyncHookHandler> = {
    'sign-in': limiter('sign-in', limits.signInPerMinute),
    webhook: limiter('webhook', limits.webhookPerMinute),
  };
  fastify.addHook('onRequest', async (request, reply) => {
    const group = groupOf(request);
    if (!group) return;
    try {
      await limiters[group].call(fastify, request, reply);
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode ?? 500;
      if (status !== 429 && status !== 403) throw error;
      // The limiter has already set Retry-After and the RateLimit headers.
      const { problem } = answerFor(new ServiceError(status === 429 ? 'RATE_LIMITED' : 'FORBIDDEN', (error as Error).message));
      return reply.code(status).type('application/problem+json').send(problem);
    }
  });
}
