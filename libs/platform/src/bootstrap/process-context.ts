import type { z } from 'zod';
import { NatsIdentities, isServiceName, type NatsIdentity } from '@tasksensei/contracts';
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
import type { UserAssertionSigner } from '../identity/user-assertion.js';
import type { PlatformValues } from './platform.module.js';

export interface ProcessContext<E> extends PlatformValues {
  readonly env: E;
}

/**
 * Everything a process needs before Nest starts: validated env (or exit with one line),
 * JSON logger, metrics, and a NATS connection with the JetStream streams in place.
 */
export async function createProcessContext<E extends BaseEnv>(
  service: string,
  schema: z.ZodType<E>,
  options: { signer?: (env: E) => Promise<UserAssertionSigner> } = {},
): Promise<ProcessContext<E>> {
  const env = loadConfigOrExit(schema);
  let signer: UserAssertionSigner | undefined;
  try {
    signer = await options.signer?.(env);
  } catch (error) {
    process.stderr.write(`invalid configuration: cannot load the user assertion signing key: ${(error as Error).message}\n`);
    process.exit(78);
  }
  const logger = createLogger(service, env.LOG_LEVEL);
  const metrics = new Metrics(service);
  handlerObserver.logger = logger;
  handlerObserver.metrics = metrics;

  let nc: NatsConnection;
  try {
    nc = await connectNats(env.NATS_URL, service, logger, {
      ...(isNatsIdentity(service) ? { identity: service } : {}),
      ...(env.NATS_NKEY_SEED_FILE ? { seedFile: env.NATS_NKEY_SEED_FILE } : {}),
    });
  } catch (error) {
    process.stderr.write(`cannot connect to NATS at NATS_URL=${env.NATS_URL}: ${(error as Error).message}\n`);
    process.exit(69); // EX_UNAVAILABLE
  }
  if (isServiceName(service)) await ensureStreams(nc, env.JETSTREAM_REPLICAS, service);
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
    requester: new NatsRequester(nc, env.NATS_REQUEST_TIMEOUT_MS, metrics, logger, signer),
    publisher: new EventPublisher(nc),
  };
}

const isNatsIdentity = (name: string): name is NatsIdentity => (NatsIdentities as readonly string[]).includes(name);

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
