import type { Clock } from '@tasksensei/platform';
import type { SubscriptionStore } from '../subscriptions/subscription.store.js';
import type { MembershipBus } from './membership-bus.js';
import type { OutboxEntry, OutboxStore } from './outbox.store.js';

export type DeliveryOutcome = 'published' | 'superseded';

/**
 * Finishes one outbox entry: the state write (conditional on the entry being the newest for
 * the user), then the publish, then the entry leaves the pending index. Every step may be
 * repeated after a crash: the write is idempotent, the publish is deduplicated by its id.
 * An entry that a newer change overtook is not published: the newer one carries the state.
 */
export class DeliverOutboxEntryUseCase {
  constructor(
    private readonly subscriptions: SubscriptionStore,
    private readonly outbox: OutboxStore,
    private readonly bus: MembershipBus,
    private readonly clock: Clock,
  ) {}

  async execute(entry: OutboxEntry): Promise<DeliveryOutcome> {
    const applied = await this.subscriptions.apply(entry.change, this.clock.now());
    if (!applied) {
      await this.outbox.finish(entry.eventId, 'superseded', this.clock.now());
      return 'superseded';
    }
    await this.bus.publish(entry.subject, JSON.parse(entry.envelope));
    await this.outbox.finish(entry.eventId, 'published', this.clock.now());
    return 'published';
  }
}
