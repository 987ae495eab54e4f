import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ServiceError, StripeWebhookContract, WEBHOOK_MAX_BYTES } from '@tasksensei/contracts';
import { LOGGER, NatsRequester, type Logger } from '@tasksensei/platform';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ProblemSchema } from '../openapi/problem.schema.js';
import { openApiSchema } from '../openapi/zod-openapi.js';
import { answerFor, problemForStatus, type ErrorAnswer } from '../problem/problem.js';

/** Billing verifies and records the event before it answers; Stripe waits up to 20 s. */
const WEBHOOK_TIMEOUT_MS = 15_000;

/**
 * `POST /webhook` (API.md) in a Fastify scope of its own, outside Nest's routing: Stripe signs
 * the exact bytes it sends, so this scope drops the JSON parser and takes every content type as
 * a raw buffer, forwarded to billing unchanged (base64 over NATS). Billing checks the
 * signature; this route only carries bytes and maps the answer to HTTP.
 */
export function registerWebhookRoute(app: NestFastifyApplication): void {
  const requester = app.get(NatsRequester);
  const logger = app.get<Logger>(LOGGER);
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;

  void fastify.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: WEBHOOK_MAX_BYTES }, (_request, body, done) => done(null, body));
    scope.setErrorHandler(async (error: { statusCode?: number; code?: string }, request, reply) => {
      const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
      if (status === 500) logger.error({ err: error, requestId: request.id }, 'webhook route failed');
      await sendProblem(reply, {
        problem: problemForStatus(
          status,
          status === 413 ? 'The webhook body is larger than this endpoint accepts.' : 'The webhook request is not valid.',
        ),
        headers: {},
      });
    });

    scope.post('/webhook', async (request, reply) => {
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const header = request.headers['stripe-signature'];
      const signature = typeof header === 'string' ? header.slice(0, 8_192) : undefined;
      try {
        await requester.request(
          StripeWebhookContract,
          { payload: body.toString('base64'), ...(signature ? { signature } : {}) },
          { requestId: request.id, timeoutMs: WEBHOOK_TIMEOUT_MS },
        );
        return await reply.code(200).type('application/json').send({ received: true });
      } catch (error) {
        if (!(error instanceof ServiceError)) {
          logger.error({ err: error, requestId: request.id }, 'webhook forwarding failed');
          return sendProblem(reply, { problem: problemForStatus(500, 'An unexpected error occurred.'), headers: {} });
        }
        const answer = answerFor(error);
        if (answer.problem.status >= 500) logger.warn({ code: error.code, reason: error.reason, requestId: request.id }, error.message);
        // Stripe retries anything but 2xx: a 5xx here means "later", a 400 means "never valid".
        return sendProblem(reply, answer);
      }
    });
  });
}

async function sendProblem(reply: FastifyReply, { problem, headers }: ErrorAnswer): Promise<FastifyReply> {
  return reply.headers(headers).code(problem.status).type('application/problem+json').send(problem);
}

/** The route in the OpenAPI document (Nest's scanner cannot see a plain Fastify route). */
export const WEBHOOK_OPENAPI_PATH = {
  post: {
    tags: ['billing'],
    summary: 'Stripe webhook: the raw event and its Stripe-Signature header; verified, recorded once, applied',
    parameters: [{ name: 'Stripe-Signature', in: 'header', required: true, schema: { type: 'string' } }],
    requestBody: {
      required: true,
      content: { 'application/json': { schema: { type: 'object', description: 'A Stripe event, byte for byte as Stripe signed it' } } },
    },
    responses: {
      '200': {
        description: 'Received (also for an event seen before, or one billing ignores)',
        content: { 'application/json': { schema: openApiSchema(StripeWebhookContract.reply.pick({ received: true })) } },
      },
      '400': {
        description: 'Bad or stale signature, or not a Stripe event; nothing was recorded',
        content: { 'application/problem+json': { schema: openApiSchema(ProblemSchema) } },
      },
    },
  },
} as const;
