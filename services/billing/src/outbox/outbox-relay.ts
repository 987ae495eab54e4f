import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { PeriodicSweep, type Logger, type NatsConnection, type SweepMetrics } from '@tasksensei/platform';
import type { BillingMetrics } from '../shared/billing-metrics.js';
import type { Clock } from '../shared/clock.js';
import type { DeliverOutboxEntryUseCase } from './deliver-outbox-entry.usecase.js';
import type { OutboxStore } from './outbox.store.js';

const BATCH = 100;

/**
 * Finishes outbox entries the webhook request did not: a crash, DynamoDB or NATS down. It
 * only looks at entries older than a grace period, so it does not race the request that is
 * finishing them right now (racing would be harmless, only wasteful). Every replica may run
 * it: each step is idempotent and JetStream drops a second publish of an event id.
 */
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly loop: PeriodicSweep;

  constructor(
    private readonly outbox: OutboxStore,
    private readonly deliver: DeliverOutboxEntryUseCase,
    private readonly nc: NatsConnection,
    private readonly options: { readonly intervalMs: number; readonly graceMs: number; readonly sweepMetrics?: SweepMetrics },
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly metrics?: BillingMetrics,
  ) {
    this.loop = new PeriodicSweep(() => this.pass(), { name: 'outbox relay', intervalMs: options.intervalMs, logger, metrics: options.sweepMetrics });
  }

  onApplicationBootstrap(): void {
    this.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.stop();
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** One pass over what is pending; a pass still running is joined, not doubled. */
  sweep(): Promise<void> {
    return this.loop.runOnce();
  }

  private async pass(): Promise<void> {
    if (this.nc.isClosed() || this.nc.isDraining()) return;
    try {
      const before = new Date(this.clock.now().getTime() - this.options.graceMs);
      const entries = await this.outbox.listPending(before, BATCH);
      this.metrics?.outboxPending.set(entries.length);
      for (const entry of entries) {
        const outcome = await this.deliver.execute(entry);
        this.metrics?.outbox.inc({ via: 'relay', outcome });
        this.logger.info({ busEventId: entry.eventId, subject: entry.subject, outcome }, 'outbox relay finished an entry');
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'outbox relay pass failed; next pass retries');
    }
  }
}
