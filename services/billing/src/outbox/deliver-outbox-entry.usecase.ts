import type { Clock } from '@tasksensei/platform';
import type { SubscriptionRecord, SubscriptionStore } from '../subscriptions/subscription.store.js';
import type { MembershipBus } from './membership-bus.js';
import type { OutboxEntry } from './outbox.store.js';

export type DeliveryOutcome = 'published' | 'superseded';

/** Entries this process finished, remembered so its relay does not redo them (bounded). */
const REMEMBERED = 50_000;

/**
 * Finishes one outbox entry: the state write (conditional on the entry being the newest for
 * the user), then the publish. Both may be repeated after a crash: the write is idempotent,
 * the publish is deduplicated by its id. An entry that a newer change overtook is not
 * published: the newer one carries the state. Nothing is written to the entry itself: the
 * relay tells what is left from the subscription row and from what this process finished.
 */
export class DeliverOutboxEntryUseCase {
  private readonly finished = new Set<string>();

  constructor(
    private readonly subscriptions: SubscriptionStore,
    private readonly bus: MembershipBus,
    private readonly clock: Clock,
  ) {}

  async execute(entry: OutboxEntry, options: { readonly applied?: boolean } = {}): Promise<DeliveryOutcome> {
    const applied = options.applied === true || (await this.subscriptions.apply(entry.change, this.clock.now()));
    if (!applied) return this.finish(entry, 'superseded');
    await this.bus.publish(entry.subject, JSON.parse(entry.envelope));
    return this.finish(entry, 'published');
  }

  /** The membership applied last for the user: how far its entries got. */
  stateOf(userId: string): Promise<SubscriptionRecord | undefined> {
    return this.subscriptions.get(userId);
  }

  /** True when this process applied and published (or superseded) the entry already. */
  finishedHere(eventId: string): boolean {
    return this.finished.has(eventId);
  }

  /** The relay's checkpoint passed these: no need to remember them any more. */
  forget(eventIds: Iterable<string>): void {
    for (const id of eventIds) this.finished.delete(id);
  }

  private finish(entry: OutboxEntry, outcome: DeliveryOutcome): DeliveryOutcome {
    if (this.finished.size >= REMEMBERED) this.finished.delete(this.finished.values().next().value!);
    this.finished.add(entry.eventId);
    return outcome;
  }
}
