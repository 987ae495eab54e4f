import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { PeriodicSweep, type Clock, type Logger, type NatsConnection, type SweepMetrics } from '@tasksensei/platform';
import type { BillingMetrics } from '../shared/billing-metrics.js';
import type { DeliverOutboxEntryUseCase } from './deliver-outbox-entry.usecase.js';
import type { OutboxEntry, OutboxStore } from './outbox.store.js';

const BATCH = 100;
/**
 * Without a checkpoint (the first pass ever), how far back the relay looks: inside JetStream's
 * 2-hour duplicate window, so re-publishing what was published already is dropped by the stream.
 */
const FIRST_LOOKBACK_MS = 60 * 60_000;
/** Without entries the checkpoint moves only this often: an idle relay reads, it does not write. */
const IDLE_CHECKPOINT_MS = 5 * 60_000;

/**
 * Finishes outbox entries the webhook request did not: a crash, DynamoDB or NATS down. It
 * reads the entries created since its checkpoint up to a grace period ago (so it does not race
 * the request finishing them right now), skips those this process finished and those the
 * subscription row shows superseded, and redoes the rest: the state write when the row is
 * behind, the publish (JetStream drops one it already has, by id). A batch is delivered at
 * once: one user's entries in order, different users' in parallel, their publishes in flight
 * together. Then the checkpoint moves to the oldest entry still unfinished. Every replica may
 * run it: each step is idempotent.
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
    this.loop = new PeriodicSweep(() => this.pass(), {
      name: 'outbox relay',
      intervalMs: options.intervalMs,
      logger,
      metrics: options.sweepMetrics,
    });
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
    // A failure leaves the checkpoint where it was; the sweep logs and counts it, the next tick retries.
    const now = this.clock.now().getTime();
    const until = new Date(now - this.options.graceMs);
    const from = (await this.outbox.checkpoint()) ?? new Date(now - FIRST_LOOKBACK_MS);
    if (from >= until) return;
    let checkpoint = until;
    let unfinished = 0;
    const seen: string[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.outbox.listCreated(from, until, BATCH, start);
      start = page.next;
      const failed = await this.deliverBatch(page.entries.filter((entry) => !this.deliver.finishedHere(entry.eventId)));
      unfinished += failed.length;
      for (const entry of failed) if (new Date(entry.createdAt) < checkpoint) checkpoint = new Date(entry.createdAt);
      for (const entry of page.entries) seen.push(entry.eventId);
    } while (start);
    this.metrics?.outboxPending.set(unfinished);
    // Unfinished entries stay at or after the checkpoint, so the next pass retries them. An idle
    // pass writes nothing, unless the range it reads has grown long.
    if (seen.length > 0 || until.getTime() - from.getTime() > IDLE_CHECKPOINT_MS) {
      await this.outbox.saveCheckpoint(unfinished > 0 ? new Date(checkpoint.getTime() - 1) : checkpoint);
    }
    if (unfinished === 0) this.deliver.forget(seen);
  }

  /** Delivers what is left of `entries`; returns those that failed. */
  private async deliverBatch(entries: readonly OutboxEntry[]): Promise<OutboxEntry[]> {
    const byUser = new Map<string, OutboxEntry[]>();
    for (const entry of entries) {
      const own = byUser.get(entry.change.userId);
      if (own) own.push(entry);
      else byUser.set(entry.change.userId, [entry]);
    }
    const failed: OutboxEntry[] = [];
    await Promise.all(
      [...byUser].map(async ([userId, own]) => {
        own.sort((a, b) => a.change.sourceOrder.localeCompare(b.change.sourceOrder));
        let row;
        try {
          row = await this.deliver.stateOf(userId);
        } catch (error) {
          this.logger.warn({ err: error, userId }, 'outbox relay cannot read the subscription');
          failed.push(...own);
          return;
        }
        for (const entry of own) {
          // A newer change is stored: it carries the state and was (or will be) published itself.
          if (row && row.sourceOrder > entry.change.sourceOrder) continue;
          try {
            const applied = row?.sourceEventId === entry.change.sourceEventId;
            const outcome = await this.deliver.execute(entry, { applied });
            this.metrics?.outbox.inc({ via: 'relay', outcome });
            this.logger.info({ busEventId: entry.eventId, subject: entry.subject, outcome }, 'outbox relay finished an entry');
          } catch (error) {
            this.logger.warn({ err: error, busEventId: entry.eventId }, 'outbox relay could not finish an entry');
            failed.push(entry);
          }
        }
      }),
    );
    return failed;
  }
}
