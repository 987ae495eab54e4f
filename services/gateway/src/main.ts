import { randomUUID } from 'node:crypto';
import { UserAssertionSigner, createProcessContext, packageVersion } from '@tasksensei/platform';
import { createGatewayApp } from './app.js';
import { GatewayEnvSchema } from './config/gateway.env.js';
import { TokenVerifier } from './auth/token-verifier.js';
import { RevocationList } from './auth/revocation-list.js';
import { startOpsServer } from './ops/ops-server.js';
import { SystemHealthProbe } from './health/system-health.js';
import { attachChatSocket } from './realtime/chat-socket.js';
import { closeSockets } from './realtime/socket-shutdown.js';

const context = await createProcessContext('gateway', GatewayEnvSchema, {
  signer: (env) => UserAssertionSigner.fromJwkFile(env.USER_ASSERTION_SIGNING_KEY_FILE, env.USER_ASSERTION_TTL_SECONDS),
});
const { env } = context;
const app = await createGatewayApp(context, packageVersion(import.meta.url));
const probe = app.get(SystemHealthProbe);
const ops = await startOpsServer(env.OPS_PORT, env.HOST, context.metrics, context.nc, () => probe.probe(randomUUID()));
const fastify = app.getHttpAdapter().getInstance();
fastify.addHook('onClose', async () => {
  ops.close();
  if (!context.nc.isClosed()) await context.nc.drain();
});
const io = attachChatSocket(
  app.getHttpServer(),
  {
    verifier: app.get(TokenVerifier),
    revocations: app.get(RevocationList),
    requester: context.requester,
    nc: context.nc,
    logger: context.logger,
    metrics: context.metrics,
  },
  { messagesPerBurst: env.CHAT_MESSAGES_BURST, messagesPerSecond: env.CHAT_MESSAGES_PER_SECOND, corsOrigin: env.PUBLIC_URL },
);
// Before the HTTP server closes, or it would wait for every open WebSocket.
fastify.addHook('preClose', async () => {
  const sockets = await closeSockets(io);
  context.logger.info({ sockets }, 'sockets closed for shutdown');
});
await app.listen({ port: env.PORT, host: env.HOST });
context.logger.info({ port: env.PORT, publicUrl: env.PUBLIC_URL }, 'gateway ready');
