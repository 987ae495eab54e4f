import type { ConsumerMessages } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { DurableConsumerDeclaration, EventContract, EventOf } from '@tasksensei/contracts';
import type { Logger } from 'pino';
import type { Metrics } from '../metrics/metrics.js';
import { startDurableConsumer } from './durable-consumer.js';

export interface ConsumerSpec {
  readonly stream: string;
  readonly durable: string;
  readonly start: (nc: NatsConnection, logger: Logger, metrics: Metrics) => Promise<ConsumerMessages>;
}

/** One durable consumer (its `DurableConsumers` entry), typed by its contract, to hand to a DurableConsumerSet. */
export function consumerSpec<C extends EventContract>(consumer: DurableConsumerDeclaration, contract: C, handle: (event: EventOf<C>) => Promise<void>): ConsumerSpec {
  return { stream: consumer.stream, durable: consumer.durable, start: (nc, logger, metrics) => startDurableConsumer(nc, { consumer, contract, handle }, logger, metrics) };
}

/**
 * A service's durable consumers as one Nest provider: started once the application is up
 * (handlers ready), closed on shutdown before NATS drains.
 */
export class DurableConsumerSet {
  private readonly running: ConsumerMessages[] = [];

  constructor(
    private readonly nc: NatsConnection,
    private readonly logger: Logger,
    private readonly metrics: Metrics,
    private readonly specs: readonly ConsumerSpec[],
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const spec of this.specs) this.running.push(await spec.start(this.nc, this.logger, this.metrics));
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.running.map((messages) => messages.close().catch(() => undefined)));
  }
}
