import { ServerNats } from '@nestjs/microservices';
import type { Msg, NatsConnection, Subscription } from '@nats-io/transport-node';

/**
 * The Nest NATS transport on the process's one connection (so requests, JetStream and the
 * handlers share it), closed by `drain()`. A NATS drain only waits until each message has been
 * handed to its callback, while a Nest handler answers later (after its awaits): so on close the
 * queue-group subscriptions are drained first (no new request comes here, the other replicas
 * take them), then every request in flight is answered, then the connection drains.
 */
export class SharedNatsServer extends ServerNats {
  private inFlight = 0;
  private readonly idle: (() => void)[] = [];

  constructor(
    private readonly connection: NatsConnection,
    queue: string,
  ) {
    super({ queue, gracefulShutdown: false });
  }

  override async createNatsClient(): Promise<never> {
    return this.connection as never;
  }

  override async handleMessage(channel: string, message: Msg): Promise<unknown> {
    this.inFlight++;
    try {
      return await super.handleMessage(channel, message as never);
    } finally {
      if (--this.inFlight === 0) for (const resolve of this.idle.splice(0)) resolve();
    }
  }

  /** Leaves the queue groups and resolves once every request already taken has been answered. */
  async stopAccepting(): Promise<void> {
    // ServerNats keeps its subscriptions private; they are the queue-group memberships to leave.
    const subscriptions = (this as unknown as { subscriptions: Subscription[] }).subscriptions;
    await Promise.all(subscriptions.map((s) => (s.isClosed() || s.isDraining() ? undefined : s.drain().catch(() => undefined))));
    if (this.inFlight > 0) await new Promise<void>((resolve) => this.idle.push(resolve));
  }

  override async close(): Promise<void> {
    if (this.connection.isClosed()) return;
    await this.stopAccepting();
    if (!this.connection.isDraining()) await this.connection.drain();
  }
}
