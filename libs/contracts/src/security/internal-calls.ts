import { Subjects, type ServiceName } from '../subjects.js';

/**
 * Service-to-service requests. Such a call never travels on the public subject (only the gateway
 * may publish those, with a user's signed assertion): it goes to the subject's internal twin
 * (`files.v1.upload.generate` -> `files.internal.v1.upload.generate`), which NATS lets only the
 * callers named here publish. The caller's NATS user is its identity; when it acts for a user
 * it names them in the `x-on-behalf-of` header, trusted on internal subjects only.
 *
 * Adding a call: one entry; the handler already subscribes to the twin, the requester already
 * sends there, and the caller's permissions follow.
 */
export interface InternalCall {
  readonly caller: ServiceName;
  readonly subject: string;
}

export const InternalCalls: readonly InternalCall[] = [
  { caller: 'chat', subject: Subjects.billing.planForUser },
  { caller: 'files', subject: Subjects.billing.planForUser },
  { caller: 'chat', subject: Subjects.billing.checkout },
  { caller: 'chat', subject: Subjects.users.getProfile },
  { caller: 'chat', subject: Subjects.users.updateProfile },
  { caller: 'chat', subject: Subjects.files.generateUpload },
  /** Chat replicas among themselves: "stop this reply" to whichever writes it (see NatsStopSignal). */
  { caller: 'chat', subject: Subjects.chat.stopReplySignal },
  // Account export (issue 14): files' builder collects each service's part for the user it names.
  { caller: 'files', subject: Subjects.users.exportData },
  { caller: 'files', subject: Subjects.chat.exportData },
  { caller: 'files', subject: Subjects.billing.exportData },
];

const VERSIONED = /^([a-z][a-z0-9-]*)\.(v\d+)\.(.+)$/;

/** `files.v1.upload.generate` -> `files.internal.v1.upload.generate`. */
export function internalSubject(subject: string): string {
  const match = VERSIONED.exec(subject);
  if (!match) throw new Error(`not a versioned request subject: ${subject}`);
  return `${match[1]}.internal.${match[2]}.${match[3]}`;
}

export const hasInternalTwin = (subject: string): boolean => InternalCalls.some((call) => call.subject === subject);

/** The service a request subject belongs to (its first token). */
export const serviceOfSubject = (subject: string): string => subject.split('.')[0] ?? subject;
