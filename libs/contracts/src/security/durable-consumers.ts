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
  usersUserRegistered: {
    stream: Streams.USER.name,
    durable: 'users-user-registered',
    service: 'users',
    subject: EventSubjects.userRegistered,
  },
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
  /** Chat reads every uploaded file for the assistant. */
  chatFileUploaded: { stream: Streams.FILE.name, durable: 'chat-file-uploaded', service: 'chat', subject: EventSubjects.fileUploaded },
  /** Chat drops the passages of a deleted file. */
  chatFileDeleted: { stream: Streams.FILE.name, durable: 'chat-file-deleted', service: 'chat', subject: EventSubjects.fileDeleted },
  /** Files keeps chat's verdict on a file as its indexStatus. */
  filesFileIndexed: {
    stream: Streams.FILE_INDEX.name,
    durable: 'files-file-indexed',
    service: 'files',
    subject: EventSubjects.fileIndexed,
  },
  // Account erasure (issue 14): every service erases what it holds for the user.
  authUserDeleted: { stream: Streams.USER.name, durable: 'auth-user-deleted', service: 'auth', subject: EventSubjects.userDeleted },
  usersUserDeleted: { stream: Streams.USER.name, durable: 'users-user-deleted', service: 'users', subject: EventSubjects.userDeleted },
  filesUserDeleted: { stream: Streams.USER.name, durable: 'files-user-deleted', service: 'files', subject: EventSubjects.userDeleted },
  chatUserDeleted: { stream: Streams.USER.name, durable: 'chat-user-deleted', service: 'chat', subject: EventSubjects.userDeleted },
  billingUserDeleted: {
    stream: Streams.USER.name,
    durable: 'billing-user-deleted',
    service: 'billing',
    subject: EventSubjects.userDeleted,
  },
  // Account export (issue 14): files builds the archive.
  filesExportBuilder: {
    stream: Streams.FILE.name,
    durable: 'files-export-builder',
    service: 'files',
    subject: EventSubjects.exportRequested,
  },
} as const satisfies Record<string, DurableConsumerDeclaration>;
