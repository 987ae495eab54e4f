import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { PinoNestLogger, type ProcessContext } from '@tasksensei/platform';
import type { GatewayEnv } from './config/gateway.env.js';
import { GatewayModule } from './gateway.module.js';
import { registerHttpMetrics } from './ops/http-metrics.js';
import { WEBHOOK_OPENAPI_PATH, registerWebhookRoute } from './webhook/webhook.route.js';
import { registerOidcTunnel } from './oidc/oidc-tunnel.js';
import { registerWebClient } from './web/web-client.js';
import { registerEdgeRateLimits } from './rate-limit/edge-rate-limit.js';
import { documentProblemTypes } from './openapi/problem-types.js';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Builds the gateway app (not listening), so tests and main share one assembly. */
export async function createGatewayApp(context: ProcessContext<GatewayEnv>, version: string): Promise<NestFastifyApplication> {
  const { env } = context;
  const adapter = new FastifyAdapter({
    bodyLimit: env.BODY_LIMIT_BYTES,
    // Fastify accepts a hop count at runtime; its typings only list the other forms.
    trustProxy: (env.TRUST_PROXY_HOPS || false) as boolean,
    // Honour a caller's request id when it is sane, so one id follows a request end to end.
    genReqId: (request: IncomingMessage) => {
      const header = request.headers['x-request-id'];
      return typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
    },
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    routerOptions: { maxParamLength: 200 },
    // While closing, a request that arrives on an open keep-alive connection is still served
    // (Fastify answers it with `Connection: close`, so the client moves to another replica);
    // a 503 there would fail work that this process can still finish within its grace period,
    // and Fastify's 503 body is not problem+json.
    return503OnClosing: false,
  });
  const app = await NestFactory.create<NestFastifyApplication>(GatewayModule.forRoot(context), adapter, {
    logger: new PinoNestLogger(context.logger),
  });
  const fastify = app.getHttpAdapter().getInstance();
  // Set once on arrival: an onSend hook would run in the reply path of every response.
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
  registerHttpMetrics(fastify, context.metrics);
  // Before the routes and scoped plugins, so its hook covers all of them.
  await registerEdgeRateLimits(fastify, {
    signInPerMinute: env.RATE_LIMIT_SIGN_IN_PER_MINUTE,
    webhookPerMinute: env.RATE_LIMIT_WEBHOOK_PER_MINUTE,
  });
  registerWebhookRoute(app);
  registerOidcTunnel(fastify, context.requester);
  registerWebClient(fastify, env, context.logger);

  const document = documentProblemTypes(
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('TaskSensei API')
        .setDescription('The public HTTP contract of the TaskSensei gateway. Errors are application/problem+json (RFC 9457).')
        .setVersion(version)
        .addBearerAuth()
        .build(),
    ),
  );
  document.paths['/webhook'] = WEBHOOK_OPENAPI_PATH as unknown as (typeof document.paths)[string];
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/json', raw: ['json'] });
  app.enableShutdownHooks();
  return app;
}
