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
export function consumerSpec<C extends EventContract>(
  consumer: DurableConsumerDeclaration,
  contract: C,
  handle: (event: EventOf<C>) => Promise<void>,
): ConsumerSpec {
  return {
    stream: consumer.stream,
    durable: consumer.durable,
    start: (nc, logger, metrics) => startDurableConsumer(nc, { consumer, contract, handle }, logger, metrics),
  };
}

/**
 * A service's durable consumers as one Nest provider: started once the application is up
 * (handlers ready), closed on shutdown before NATS drains.
 *
 * Each consumer starts in the background and keeps trying until its stream exists: a stream
 * belongs to its publisher (USER to auth, FILE to files, ...), and this service's readiness must
 * not hang on another service having run once. Nothing is missed meanwhile: a new durable
 * delivers the stream from its start, an existing one resumes where it was.
 */
export class DurableConsumerSet {
  private readonly running: ConsumerMessages[] = [];
  private closed = false;

  constructor(
    private readonly nc: NatsConnection,
    private readonly logger: Logger,
    private readonly metrics: Metrics,
    private readonly specs: readonly ConsumerSpec[],
    private readonly retryMs = 2_000,
  ) {}

  onApplicationBootstrap(): void {
    for (const spec of this.specs) void this.startUntilUp(spec);
  }

  async onModuleDestroy(): Promise<void> {
    // A start still waiting for its stream is not awaited: it sees `closed` and closes what it opens.
    this.closed = true;
    await Promise.all(this.running.map((messages) => messages.close().catch(() => undefined)));
  }

  private async startUntilUp(spec: ConsumerSpec): Promise<void> {
    while (!this.closed) {
      try {
        const messages = await spec.start(this.nc, this.logger, this.metrics);
        if (this.closed) await messages.close().catch(() => undefined);
        else this.running.push(messages);
        return;
      } catch (error) {
        if (this.closed || this.nc.isClosed()) return;
        this.logger.warn({ err: error, stream: spec.stream, durable: spec.durable }, 'durable consumer not started yet; retrying');
        await new Promise((resolve) => setTimeout(resolve, this.retryMs));
      }
    }
  }
}
