import type { MembershipChange } from '../webhook/membership-change.js';

export type OutboxSubject = 'membership.activated' | 'membership.deactivated' | 'membership.past_due';

/**
 * A membership change on its way to the bus. Written once, conditionally, before anything
 * else: it is at the same time the dedupe of the Stripe event it comes from (one entry per
 * Stripe event id) and the durable intent, from which the state write and the publish can both
 * be redone after a crash. It is never rewritten: what is finished is told by the subscription
 * row (its `sourceOrder`) and by JetStream's dedupe of the publish, not by a second write.
 */
export interface OutboxEntry {
  /** The bus event id, used as `Nats-Msg-Id`: a second publish of it is dropped by JetStream. */
  readonly eventId: string;
  readonly subject: OutboxSubject;
  /** The envelope, serialized once so every publish sends the same bytes. */
  readonly envelope: string;
  readonly change: MembershipChange;
  readonly createdAt: string;
  /** `recorded` since entries are written once; `pending`/`published`/`superseded` on older rows. */
  readonly status: 'recorded' | 'pending' | 'published' | 'superseded';
  /** The Stripe event's type, for the account export (accepted events have no event-log row). */
  readonly stripeEventType?: string;
}

export interface OutboxPage {
  readonly entries: readonly OutboxEntry[];
  /** Where the next page starts, when there is one. */
  readonly next?: Record<string, unknown>;
}

export interface OutboxStore {
  /** Put-if-absent: false when the entry was already there (a repeated delivery). */
  add(entry: OutboxEntry): Promise<boolean>;
  /** Entries created in [from, until] (inclusive), oldest first, a page at a time. */
  listCreated(from: Date, until: Date, limit: number, start?: Record<string, unknown>): Promise<OutboxPage>;
  /** The creation time up to which the relay has looked at every entry, if it ever has. */
  checkpoint(): Promise<Date | undefined>;
  /** Moves the checkpoint forward (never back: another replica may be ahead). */
  saveCheckpoint(at: Date): Promise<void>;
}
