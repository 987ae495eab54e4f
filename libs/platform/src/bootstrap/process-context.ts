import type { z } from 'zod';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { loadConfigOrExit, type BaseEnv } from '../config/load-config.js';
import { HealthChecks } from '../health/health-checks.js';
import { EventPublisher } from '../jetstream/event-publisher.js';
import { ensureStreams } from '../jetstream/streams.js';
import { createLogger } from '../logging/logger.js';
import { Metrics } from '../metrics/metrics.js';
import { connectNats } from '../nats/connection.js';
import { handlerObserver } from '../nats/handler-observer.js';
import { NatsRequester } from '../nats/requester.js';
import type { PlatformValues } from './platform.module.js';


export interface ProcessContext<E> extends PlatformValues {
  readonly env: E;
}

/**
 * Everything a process needs before Nest starts: validated env (or exit with one line),
 * JSON logger, metrics, and a NATS connection with the JetStream streams in place.
 */
export async function createProcessContext<E extends BaseEnv>(service: string, schema: z.ZodType<E>): Promise<ProcessContext<E>> {
  const env = loadConfigOrExit(schema);
  const logger = createLogger(service, env.LOG_LEVEL);
  const metrics = new Metrics(service);
  handlerObserver.logger = logger;
  handlerObserver.metrics = metrics;

  let nc: NatsConnection;
  try {
    nc = await connectNats(env.NATS_URL, service, logger);
  } catch (error) {
    process.stderr.write(`cannot connect to NATS at NATS_URL=${env.NATS_URL}: ${(error as Error).message}\n`);
    process.exit(69); // EX_UNAVAILABLE
  }
  await ensureStreams(nc, env.JETSTREAM_REPLICAS);
  installCrashHandlers(logger);
  boundShutdown(env.SHUTDOWN_GRACE_MS, logger);

  const health = new HealthChecks().register('nats', async () => {
    if (nc.isClosed()) throw new Error('connection closed');
    await nc.rtt();
  });
  return {
    service,
    env,
    logger,
    metrics,
    nc,
    health,
    requester: new NatsRequester(nc, env.NATS_REQUEST_TIMEOUT_MS, metrics, logger),
    publisher: new EventPublisher(nc),
  };
}

/**
 * A stop signal starts the orderly shutdown (in-flight work finishes, NATS drains); if that
 * has not ended the process within its grace period, it exits anyway, so an orchestrator's
 * SIGKILL never has to.
 */
function boundShutdown(graceMs: number, logger: Logger) {
  const arm = (signal: NodeJS.Signals) => {
    logger.info({ signal, graceMs }, 'shutting down');
    setTimeout(() => {
      logger.error({ graceMs }, 'shutdown did not finish within its grace period; exiting');
      process.exit(1);
    }, graceMs).unref();
  };
  process.once('SIGTERM', arm).once('SIGINT', arm);
}

function installCrashHandlers(logger: Logger) {
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));
  process.on('uncaughtException', (error) => {
    logger.fatal({ err: error }, 'uncaught exception; exiting');
    process.exit(70);
  });
}
