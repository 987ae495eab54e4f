import { DeliverPolicy, jetstream, jetstreamManager, RetentionPolicy, StorageType, type JetStreamManager } from '@nats-io/jetstream';
import { ChatEventSchema, ReplyLogStream, ReplyLogSubjects, type ChatEvent } from '@tasksensei/contracts';
import { isNotFound, type NatsConnection } from '@tasksensei/platform';

/** The events of one reply that a reconnecting client may have missed. */
export interface ReplyLog {
  append(messageId: string, event: ChatEvent): void;
  /** The reply's logged events in order; empty when the log has none (never written, or expired). */
  read(messageId: string): Promise<ChatEvent[]>;
}

/**
 * The reply log in JetStream: every event of a reply is a core publish on
 * `chat.v1.reply-log.<messageId>`, which the REPLY_LOG stream captures (in memory, replicated like
 * the other streams, entries gone after the TTL). Any chat replica can then replay a reply that
 * another replica writes, and nothing is written to DynamoDB per token. The publish is not
 * awaited: a token is not held up by the log, and one connection keeps the order.
 */
export class JetStreamReplyLog implements ReplyLog {
  constructor(
    private readonly nc: NatsConnection,
    private readonly jsm: JetStreamManager,
  ) {}

  static async ensure(nc: NatsConnection, ttlSeconds: number, replicas: number): Promise<JetStreamReplyLog> {
    const jsm = await jetstreamManager(nc);
    const config = {
      name: ReplyLogStream.name,
      subjects: [...ReplyLogStream.subjects],
      retention: RetentionPolicy.Limits,
      storage: StorageType.Memory,
      max_age: ttlSeconds * 1e9,
      // A runaway reply cannot fill the server's memory: 64 MiB at most, oldest dropped first.
      max_bytes: 64 * 1024 * 1024,
      num_replicas: replicas,
    };
    try {
      await jsm.streams.info(config.name);
      await jsm.streams.update(config.name, config);
    } catch (error) {
      if (!isNotFound(error)) throw error;
      await jsm.streams.add(config);
    }
    return new JetStreamReplyLog(nc, jsm);
  }

  append(messageId: string, event: ChatEvent): void {
    if (this.nc.isClosed()) return;
    this.nc.publish(ReplyLogSubjects.subjectFor(messageId), JSON.stringify(event));
  }

  async read(messageId: string): Promise<ChatEvent[]> {
    const subject = ReplyLogSubjects.subjectFor(messageId);
    // What is logged now; later events reach the client live (the gateway merges the two).
    const info = await this.jsm.streams.info(ReplyLogStream.name, { subjects_filter: subject });
    const pending = info.state.subjects?.[subject] ?? 0;
    if (pending === 0) return [];
    const consumer = await jetstream(this.nc).consumers.get(ReplyLogStream.name, { filter_subjects: subject, deliver_policy: DeliverPolicy.All });
    try {
      const events: ChatEvent[] = [];
      const messages = await consumer.fetch({ max_messages: pending, expires: 5_000 });
      for await (const message of messages) {
        const event = ChatEventSchema.safeParse(message.json());
        if (event.success) events.push(event.data);
        if (message.info.pending === 0) break;
      }
      return events;
    } finally {
      await consumer.delete().catch(() => undefined);
    }
  }
}
