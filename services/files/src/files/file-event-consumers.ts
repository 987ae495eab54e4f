import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DurableConsumers, FileIndexedEvent } from '@tasksensei/contracts';
import { LOGGER, Metrics, NATS_CONNECTION, startDurableConsumer, type Logger, type NatsConnection } from '@tasksensei/platform';
import { RecordIndexStatusUseCase } from './record-index-status/record-index-status.usecase.js';

/** The files service's durable consumers: acked after the write, resumed where they stopped. */
@Injectable()
export class FileEventConsumers implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly running: Awaited<ReturnType<typeof startDurableConsumer>>[] = [];

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(Metrics) private readonly metrics: Metrics,
    @Inject(RecordIndexStatusUseCase) private readonly indexStatus: RecordIndexStatusUseCase,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.running.push(
      await startDurableConsumer(this.nc, { consumer: DurableConsumers.filesFileIndexed, contract: FileIndexedEvent, handle: (e) => this.indexStatus.execute(e) }, this.logger, this.metrics),
    );
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.running.map((messages) => messages.close().catch(() => undefined)));
  }
}
