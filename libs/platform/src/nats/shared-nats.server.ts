import { ServerNats } from '@nestjs/microservices';
import type { NatsConnection } from '@nats-io/transport-node';

/**
 * The Nest NATS transport on the process's one connection (so requests, JetStream and the
 * handlers share it), closed by `drain()`: in-flight handlers finish and their replies leave.
 */
export class SharedNatsServer extends ServerNats {
  constructor(
    private readonly connection: NatsConnection,
    queue: string,
  ) {
    super({ queue, gracefulShutdown: false });
  }

  override async createNatsClient(): Promise<never> {
    return this.connection as never;
  }

  override async close(): Promise<void> {
    if (!this.connection.isClosed() && !this.connection.isDraining()) await this.connection.drain();
  }
}
