import { DeliverPolicy, jetstream, jetstreamManager, RetentionPolicy, StorageType, type JetStreamManager } from '@nats-io/jetstream';
import { ChatEventSchema, ReplyLogStream, ReplyLogSubjects, type ChatEvent } from '@tasksensei/contracts';
import { isNotFound, JETSTREAM_API_TIMEOUT_MS, retryTransient, type NatsConnection } from '@tasksensei/platform';
import { ReplyLogBuffer } from './reply-log-buffer.js';

/** The events of one reply that a reconnecting client may have missed. */
export interface ReplyLog {
  append(messageId: string, event: ChatEvent): void;
  /** The reply's logged events in order; empty when the log has none (never written, or expired). */
  read(messageId: string): Promise<ChatEvent[]>;
}

/**
 * The reply log in JetStream: a reply's events are core publishes on
 * `chat.v1.reply-log.<messageId>`, which the REPLY_LOG stream captures (in memory, replicated like
 * the other streams, entries gone after the TTL). Any chat replica can then replay a reply that
 * another replica writes, and nothing is written to DynamoDB per token. Nor to the log: its
 * entries are JSON arrays of events, tokens grouped over `flushMs` (ReplyLogBuffer), so a read
 * first waits that long (what was streamed before it began is logged by then). The publish is not
 * awaited: a token is not held up by the log, and one connection keeps the order.
 */
export class JetStreamReplyLog implements ReplyLog {
  private readonly buffer: ReplyLogBuffer;

  constructor(
    private readonly nc: NatsConnection,
    private readonly jsm: JetStreamManager,
    private readonly flushMs = 0,
  ) {
    this.buffer = new ReplyLogBuffer((messageId, events) => this.publish(messageId, events), flushMs);
  }

  static async ensure(nc: NatsConnection, ttlSeconds: number, replicas: number, flushMs = 0): Promise<JetStreamReplyLog> {
    const jsm = await jetstreamManager(nc, { timeout: JETSTREAM_API_TIMEOUT_MS });
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
    // Retried as the other streams are: a cluster may be electing a leader, replicas race to create it.
    await retryTransient(async () => {
      try {
        await jsm.streams.info(config.name);
        await jsm.streams.update(config.name, config);
      } catch (error) {
        if (!isNotFound(error)) throw error;
        await jsm.streams.add(config);
      }
    });
    return new JetStreamReplyLog(nc, jsm, flushMs);
  }

  append(messageId: string, event: ChatEvent): void {
    this.buffer.append(messageId, event);
  }

  /** What waits to be logged, logged now (before the connection closes). */
  flush(): void {
    this.buffer.flushAll();
  }

  async read(messageId: string): Promise<ChatEvent[]> {
    // Tokens streamed before this read began may still wait in their writer's buffer.
    if (this.flushMs > 0) await new Promise((resolve) => setTimeout(resolve, this.flushMs));
    const subject = ReplyLogSubjects.subjectFor(messageId);
    // What is logged now; later events reach the client live (the gateway merges the two).
    const info = await this.jsm.streams.info(ReplyLogStream.name, { subjects_filter: subject });
    const pending = info.state.subjects?.[subject] ?? 0;
    if (pending === 0) return [];
    const consumer = await jetstream(this.nc).consumers.get(ReplyLogStream.name, {
      filter_subjects: subject,
      deliver_policy: DeliverPolicy.All,
    });
    try {
      const events: ChatEvent[] = [];
      const messages = await consumer.fetch({ max_messages: pending, expires: 5_000 });
      for await (const message of messages) {
        // An entry is a group of events (a single one from a writer of an earlier version).
        const body = message.json<unknown>();
        for (const item of Array.isArray(body) ? body : [body]) {
          const event = ChatEventSchema.safeParse(item);
          if (event.success) events.push(event.data);
        }
        if (message.info.pending === 0) break;
      }
      return events;
    } finally {
      await consumer.delete().catch(() => undefined);
    }
  }

  private publish(messageId: string, events: ChatEvent[]): void {
    if (this.nc.isClosed()) return;
    this.nc.publish(ReplyLogSubjects.subjectFor(messageId), JSON.stringify(events));
  }
}
