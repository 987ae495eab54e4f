import { EventSubjects, Streams, type EventSubject, type ServiceName } from '../subjects.js';

export interface DurableConsumerDeclaration {
  /** A key of `Streams` (or a KV bucket's stream). */
  readonly stream: string;
  /** Durable name: the consumer's position survives restarts of every replica. */
  readonly durable: string;
  /** The one service that may create, read and ack this consumer. */
  readonly service: ServiceName;
  /** The filter subject: exactly one event type. */
  readonly subject: EventSubject;
}

/**
 * Every durable JetStream consumer of the system. `startDurableConsumer` takes one of these, and
 * the NATS permissions of its service are generated from it: adding a consumer is one entry here.
 */
export const DurableConsumers = {
  usersUserRegistered: { stream: Streams.USER.name, durable: 'users-user-registered', service: 'users', subject: EventSubjects.userRegistered },
  usersUserEmailVerified: {
    stream: Streams.USER.name,
    durable: 'users-user-email-verified',
    service: 'users',
    subject: EventSubjects.userEmailVerified,
  },
  usersMembershipActivated: {
    stream: Streams.MEMBERSHIP.name,
    durable: 'users-membership-activated',
    service: 'users',
    subject: EventSubjects.membershipActivated,
  },
  usersMembershipDeactivated: {
    stream: Streams.MEMBERSHIP.name,
    durable: 'users-membership-deactivated',
    service: 'users',
    subject: EventSubjects.membershipDeactivated,
  },
  usersMembershipPastDue: {
    stream: Streams.MEMBERSHIP.name,
    durable: 'users-membership-past-due',
    service: 'users',
    subject: EventSubjects.membershipPastDue,
  },
} as const satisfies Record<string, DurableConsumerDeclaration>;
