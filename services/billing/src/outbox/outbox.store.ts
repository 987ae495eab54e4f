import type { MembershipChange } from '../webhook/membership-change.js';

export type OutboxSubject = 'membership.activated' | 'membership.deactivated' | 'membership.past_due';

/**
 * A membership change on its way to the bus. Written before anything else, it is the durable
 * intent: the state write and the publish can both be redone from it after a crash.
 */
export interface OutboxEntry {
  /** The bus event id, used as `Nats-Msg-Id`: a second publish of it is dropped by JetStream. */
  readonly eventId: string;
  readonly subject: OutboxSubject;
  /** The envelope, serialized once so every publish sends the same bytes. */
  readonly envelope: string;
  readonly change: MembershipChange;
  readonly createdAt: string;
  readonly status: 'pending' | 'published' | 'superseded';
}

export interface OutboxStore {
  /** Put-if-absent: false when the entry was already there (a repeated delivery). */
  add(entry: OutboxEntry): Promise<boolean>;
  /** Pending entries created before `before`, oldest first. */
  listPending(before: Date, limit: number): Promise<OutboxEntry[]>;
  /** Leaves the pending index; only a pending entry changes. */
  finish(eventId: string, status: 'published' | 'superseded', now: Date): Promise<void>;
}
