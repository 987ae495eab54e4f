import { ServiceNames, type ServiceName } from '../subjects.js';

/**
 * Every NATS user of the system: one per service, the gateway, and `ops` (an operator's
 * read-only view of the streams, e.g. for `nats stream info`; it publishes no business subject).
 */
export const NatsIdentities = [...ServiceNames, 'gateway', 'ops'] as const;
export type NatsIdentity = (typeof NatsIdentities)[number];

export const isServiceName = (value: string): value is ServiceName => (ServiceNames as readonly string[]).includes(value);

/**
 * Each identity's own reply-inbox prefix: it may subscribe only below it, so no process can
 * read the replies another one asked for.
 */
export const inboxPrefixOf = (identity: NatsIdentity): string => `_INBOX_${identity}`;
