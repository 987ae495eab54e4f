import { AuthHttpContract, ServiceError, type HttpTunnelRequest } from '@tasksensei/contracts';
import type { NatsRequester } from '@tasksensei/platform';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { answerFor } from '../problem/problem.js';
import { withoutRefreshCookie } from '../session/refresh-cookie.js';

const METHODS = ['GET', 'HEAD', 'POST', 'OPTIONS'] as const;
/** Request headers the provider needs; everything else (Authorization included) stays here. */
const FORWARDED = ['accept', 'accept-language', 'content-type', 'cookie', 'origin', 'referer', 'user-agent', 'authorization', 'dpop'];

/**
 * `/oidc/*`: the built-in provider's HTTP, carried to the auth service over NATS with the body
 * byte-exact (its own content parser, so forms and JSON arrive as sent).
 */
export function registerOidcTunnel(fastify: FastifyInstance, requester: NatsRequester) {
  void fastify.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 64 * 1024 }, (_request, body, done) => done(null, body));
    const handler = async (request: FastifyRequest, reply: FastifyReply) => {
      const headers: HttpTunnelRequest['headers'] = {};
      for (const name of FORWARDED) {
        const value = request.headers[name];
        // The refresh token is the gateway's to hold: it never rides the bus to the provider.
        const forwarded = name === 'cookie' && typeof value === 'string' ? withoutRefreshCookie(value) : value;
        if (typeof forwarded === 'string' && forwarded) headers[name] = forwarded;
      }
      try {
        const response = await requester.request(
          AuthHttpContract,
          {
            method: request.method as HttpTunnelRequest['method'],
            url: request.url,
            headers,
            ...(Buffer.isBuffer(request.body) && request.body.length ? { body: request.body.toString('base64') } : {}),
            remoteAddress: request.ip,
          },
          { requestId: request.id },
        );
        for (const [name, value] of Object.entries(response.headers)) void reply.header(name, value);
        await reply.code(response.status).send(Buffer.from(response.body, 'base64'));
      } catch (error) {
        const { problem, headers } = answerFor(error instanceof ServiceError ? error : new ServiceError('INTERNAL', 'the provider failed'));
        await reply.headers(headers).code(problem.status).type('application/problem+json').send(problem);
      }
    };
    scope.route({ method: [...METHODS], url: '/oidc', handler });
    scope.route({ method: [...METHODS], url: '/oidc/*', handler });
  });
}
