import { ReplyLogStream, ServiceNames, Streams, Subjects, type ServiceName } from '../subjects.js';
import { KvBuckets, kvStreamOf } from './buckets.js';
import { DurableConsumers, type DurableConsumerDeclaration } from './durable-consumers.js';
import { inboxPrefixOf, type NatsIdentity } from './identities.js';
import { InternalCalls, internalSubject } from './internal-calls.js';

/**
 * Per-user core-NATS subjects (`<prefix>.<user token>`): only `publisher` sends them, only
 * `subscribers` read them: the gateway relays them to that user's sockets; chat and files drop
 * their cached plan of a user whose membership changed.
 */
export const UserNotificationSubjects = [
  { wildcard: `${Subjects.chat.events}.*`, publisher: 'chat', subscribers: ['gateway'] },
  { wildcard: `${Subjects.users.membershipUpdated}.*`, publisher: 'users', subscribers: ['gateway', 'chat', 'files'] },
] as const satisfies readonly { wildcard: string; publisher: ServiceName; subscribers: readonly NatsIdentity[] }[];

const readableBy = (identity: NatsIdentity) =>
  UserNotificationSubjects.filter((n) => (n.subscribers as readonly NatsIdentity[]).includes(identity)).map((n) => n.wildcard);

export interface SubjectPermission {
  readonly allow: readonly string[];
  readonly deny: readonly string[];
}

/** What one NATS user may do, in the shape of nats-server's `permissions` block. */
export interface NatsPermissions {
  readonly publish: SubjectPermission;
  readonly subscribe: SubjectPermission;
  /** Publishing to the reply subject of a request it received (once, within a minute) is allowed. */
  readonly allowResponses: boolean;
}

const JS_API = '$JS.API';

/** JetStream API of a stream the identity owns: create/update/info/delete, and reading messages. */
const ownedStream = (stream: string) => [
  `${JS_API}.STREAM.*.${stream}`,
  `${JS_API}.STREAM.MSG.GET.${stream}`,
  `${JS_API}.DIRECT.GET.${stream}`,
  `${JS_API}.DIRECT.GET.${stream}.>`,
];

/** JetStream API of one declared durable consumer: create/update/info, pull, ack. */
const durableConsumer = ({ stream, durable }: DurableConsumerDeclaration) => [
  `${JS_API}.STREAM.INFO.${stream}`,
  `${JS_API}.CONSUMER.*.${stream}.${durable}`,
  `${JS_API}.CONSUMER.CREATE.${stream}.${durable}.>`,
  `${JS_API}.CONSUMER.DURABLE.CREATE.${stream}.${durable}`,
  `${JS_API}.CONSUMER.MSG.NEXT.${stream}.${durable}`,
  `$JS.ACK.${stream}.${durable}.>`,
];

/** Watching (and reading) a KV bucket through ephemeral ordered consumers. */
const bucketReader = (bucket: string) => {
  const stream = kvStreamOf(bucket);
  return [
    `${JS_API}.STREAM.INFO.${stream}`,
    `${JS_API}.CONSUMER.CREATE.${stream}`,
    `${JS_API}.CONSUMER.CREATE.${stream}.>`,
    `${JS_API}.CONSUMER.DELETE.${stream}.>`,
    `${JS_API}.CONSUMER.INFO.${stream}.>`,
    `${JS_API}.STREAM.MSG.GET.${stream}`,
    `${JS_API}.DIRECT.GET.${stream}`,
    `${JS_API}.DIRECT.GET.${stream}.>`,
    `$JS.FC.${stream}.>`,
  ];
};

/** Reading a stream from its start with ephemeral ordered consumers (a replay), nothing else. */
const streamReplayReader = (stream: string) => [
  `${JS_API}.STREAM.INFO.${stream}`,
  `${JS_API}.CONSUMER.CREATE.${stream}`,
  `${JS_API}.CONSUMER.CREATE.${stream}.>`,
  `${JS_API}.CONSUMER.DELETE.${stream}.>`,
  `${JS_API}.CONSUMER.INFO.${stream}.>`,
  `${JS_API}.CONSUMER.MSG.NEXT.${stream}.>`,
];

/** Streams a service creates itself, with settings of its own (not the durable event streams). */
const ServiceStreams = [ReplyLogStream] as const;

const notificationsOthersMayNotRead = (identity: NatsIdentity) =>
  UserNotificationSubjects.filter((n) => !(n.subscribers as readonly NatsIdentity[]).includes(identity)).map((n) => n.wildcard);

function servicePermissions(service: ServiceName): NatsPermissions {
  const publish = [
    `${JS_API}.INFO`,
    // Its own events, through JetStream, on the streams it owns.
    ...[...Object.values(Streams), ...ServiceStreams]
      .filter((s) => s.owner === service)
      .flatMap((s) => [...s.subjects, ...ownedStream(s.name)]),
    ...ServiceStreams.filter((s) => s.owner === service).flatMap((s) => streamReplayReader(s.name)),
    ...Object.values(KvBuckets)
      .filter((b) => b.owner === service)
      .flatMap((b) => [`$KV.${b.name}.>`, ...ownedStream(kvStreamOf(b.name))]),
    ...Object.values(KvBuckets)
      .filter((b) => (b.readers as readonly string[]).includes(service))
      .flatMap((b) => bucketReader(b.name)),
    ...Object.values(DurableConsumers as Record<string, DurableConsumerDeclaration>)
      .filter((c) => c.service === service)
      .flatMap(durableConsumer),
    ...UserNotificationSubjects.filter((n) => n.publisher === service).map((n) => n.wildcard),
    ...InternalCalls.filter((call) => call.caller === service).map((call) => internalSubject(call.subject)),
  ];
  return {
    publish: { allow: unique(publish), deny: [] },
    subscribe: {
      // The request subjects it answers (in its queue group) and its own reply inbox.
      allow: [`${service}.v1.>`, `${service}.internal.v1.>`, `${inboxPrefixOf(service)}.>`, ...readableBy(service)],
      deny: notificationsOthersMayNotRead(service),
    },
    allowResponses: true,
  };
}

function gatewayPermissions(): NatsPermissions {
  return {
    publish: {
      allow: unique([
        `${JS_API}.INFO`,
        // Users' requests, each carrying the gateway's signed assertion of the verified user.
        ...ServiceNames.map((s) => `${s}.v1.>`),
        ...Object.values(KvBuckets)
          .filter((b) => (b.readers as readonly string[]).includes('gateway'))
          .flatMap((b) => bucketReader(b.name)),
      ]),
      // It relays users' notifications and must never be able to forge one, nor a reply's logged events.
      deny: [...UserNotificationSubjects.map((n) => n.wildcard.replace(/\*$/, '>')), ...ServiceStreams.flatMap((s) => s.subjects)],
    },
    subscribe: {
      allow: [`${inboxPrefixOf('gateway')}.>`, ...readableBy('gateway')],
      deny: [],
    },
    allowResponses: true,
  };
}

/** An operator's inspection of the bus: stream and consumer info, reading streams; never a publish. */
function opsPermissions(): NatsPermissions {
  return {
    publish: {
      allow: [
        `${JS_API}.INFO`,
        `${JS_API}.STREAM.INFO.*`,
        `${JS_API}.STREAM.NAMES`,
        `${JS_API}.STREAM.LIST`,
        `${JS_API}.STREAM.MSG.GET.*`,
        `${JS_API}.DIRECT.GET.>`,
        `${JS_API}.CONSUMER.INFO.>`,
        `${JS_API}.CONSUMER.NAMES.*`,
        `${JS_API}.CONSUMER.LIST.*`,
        // Its own (ephemeral or named) consumers to read a stream; acks go to their reply subjects.
        `${JS_API}.CONSUMER.CREATE.>`,
        `${JS_API}.CONSUMER.DELETE.>`,
        `${JS_API}.CONSUMER.MSG.NEXT.>`,
      ],
      deny: [
        // Must not move the services' durable consumers.
        ...Object.values(DurableConsumers as Record<string, DurableConsumerDeclaration>).flatMap((c) => [
          `${JS_API}.CONSUMER.CREATE.${c.stream}.${c.durable}`,
          `${JS_API}.CONSUMER.CREATE.${c.stream}.${c.durable}.>`,
          `${JS_API}.CONSUMER.DELETE.${c.stream}.${c.durable}`,
          `${JS_API}.CONSUMER.MSG.NEXT.${c.stream}.${c.durable}`,
        ]),
      ],
    },
    subscribe: { allow: [`${inboxPrefixOf('ops')}.>`], deny: [] },
    allowResponses: true,
  };
}

/** The least each identity needs, generated from the declarations above and in `subjects.ts`. */
export function natsPermissions(identity: NatsIdentity): NatsPermissions {
  if (identity === 'gateway') return gatewayPermissions();
  if (identity === 'ops') return opsPermissions();
  return servicePermissions(identity);
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
