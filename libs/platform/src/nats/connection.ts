import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';

export type { NatsConnection } from '@nats-io/transport-node';

/** Connects with unlimited reconnects, so a NATS restart is a blip rather than an outage. */
export async function connectNats(url: string, name: string, logger: Logger): Promise<NatsConnection> {
  const nc = await connect({
    servers: url.split(',').map((s) => s.trim()),
    name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    timeout: 5_000,
    // Without this the client captures two stack traces per request (~25 µs); a failed request
    // becomes a ServiceError whose stack we never use.
    noAsyncTraces: true,
  });
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === 'disconnect' || status.type === 'reconnect' || status.type === 'error') {
        logger.warn({ nats: status.type, server: 'server' in status ? status.server : undefined }, 'nats connection status');
      }
    }
  })();
  return nc;
}
