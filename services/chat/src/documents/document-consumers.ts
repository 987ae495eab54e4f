import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DurableConsumers, FileDeletedEvent, FileUploadedEvent } from '@tasksensei/contracts';
import { LOGGER, Metrics, NATS_CONNECTION, startDurableConsumer, type Logger, type NatsConnection } from '@tasksensei/platform';
import { ForgetFileUseCase } from './forget-file/forget-file.usecase.js';
import { IndexFileUseCase } from './index-file/index-file.usecase.js';

export const DOCUMENTS_ACK_WAIT = Symbol.for('chat.documents.ack-wait');

/**
 * The chat service's durable consumers of file events: a file is read on `file.uploaded` (acked
 * once its passages and status are stored; a long reading gets a long ack wait), and forgotten
 * on `file.deleted`. Replicas share each consumer; a restart resumes where it stopped.
 */
@Injectable()
export class DocumentConsumers implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly running: Awaited<ReturnType<typeof startDurableConsumer>>[] = [];

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(Metrics) private readonly metrics: Metrics,
    @Inject(IndexFileUseCase) private readonly index: IndexFileUseCase,
    @Inject(ForgetFileUseCase) private readonly forget: ForgetFileUseCase,
    @Inject(DOCUMENTS_ACK_WAIT) private readonly ackWaitMs: number,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.running.push(
      await startDurableConsumer(
        this.nc,
        {
          consumer: DurableConsumers.chatFileUploaded,
          contract: FileUploadedEvent,
          handle: (e) => this.index.execute(e),
          ackWaitMs: this.ackWaitMs,
          maxDeliver: 10,
        },
        this.logger,
        this.metrics,
      ),
    );
    this.running.push(
      await startDurableConsumer(
        this.nc,
        { consumer: DurableConsumers.chatFileDeleted, contract: FileDeletedEvent, handle: (e) => this.forget.execute(e) },
        this.logger,
        this.metrics,
      ),
    );
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.running.map((messages) => messages.close().catch(() => undefined)));
  }
}
