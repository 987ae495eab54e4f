import { randomUUID } from 'node:crypto';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, type ConsumerMessages } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { Headers, type DurableConsumerDeclaration, type EventContract, type EventOf } from '@tasksensei/contracts';
import type { Logger } from 'pino';
import { runWithContext } from '../logging/request-context.js';
import type { Metrics } from '../metrics/metrics.js';
import { JETSTREAM_API_TIMEOUT_MS, isNotFound, retryTransient } from './streams.js';

export interface DurableConsumerOptions<C extends EventContract> {
  /** Its entry in `DurableConsumers` (libs/contracts): stream, durable name, filter subject. */
  readonly consumer: DurableConsumerDeclaration;
  readonly contract: C;
  readonly handle: (event: EventOf<C>) => Promise<void>;
  readonly maxDeliver?: number;
  readonly ackWaitMs?: number;
  /** How long to wait for the stream's owner to create it (default 60 s). */
  readonly streamWaitMs?: number;
}

/**
 * Consumes one event type at least once. A message is acked only after its handler
 * succeeded; a failed handler gets a delayed redelivery; a message that does not match its
 * schema is terminated, since redelivering a poison message can never succeed.
 */
export async function startDurableConsumer<C extends EventContract>(
  nc: NatsConnection,
  options: DurableConsumerOptions<C>,
  logger: Logger,
  metrics?: Metrics,
): Promise<ConsumerMessages> {
  const { stream, durable, subject: filter } = options.consumer;
  if (filter !== options.contract.subject) {
    throw new Error(`consumer ${durable} filters ${filter} but handles ${options.contract.subject}`);
  }
  const jsm = await jetstreamManager(nc, { timeout: JETSTREAM_API_TIMEOUT_MS });
  const config = {
    durable_name: durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    filter_subject: filter,
    max_deliver: options.maxDeliver ?? 50,
    ack_wait: (options.ackWaitMs ?? 30_000) * 1e6,
  };
  // The stream belongs to its publisher, which may still be starting: wait for it. Replicas
  // starting together race to create the same durable, and a cluster may be electing a leader.
  const deadline = Date.now() + (options.streamWaitMs ?? 60_000);
  await retryTransient(async () => {
    for (;;) {
      try {
        await jsm.consumers.info(stream, durable);
        await jsm.consumers.update(stream, durable, config);
        return;
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
      try {
        await jsm.consumers.add(stream, config);
        return;
      } catch (error) {
        if (!isNotFound(error) || Date.now() > deadline) throw error;
        logger.info({ stream, durable }, 'stream not there yet; waiting for its owner to create it');
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  });
  const consumer = await retryTransient(() => jetstream(nc, { timeout: JETSTREAM_API_TIMEOUT_MS }).consumers.get(stream, durable));
  const messages = await consumer.consume({ max_messages: 64 });
  const subject = options.contract.subject;
  void (async () => {
    for await (const msg of messages) {
      const requestId = msg.headers?.get(Headers.requestId) || randomUUID();
      await runWithContext({ requestId }, async () => {
        let event: EventOf<C>;
        try {
          event = options.contract.envelope.parse(msg.json()) as EventOf<C>;
        } catch (error) {
          logger.error({ err: error, subject, seq: msg.seq }, 'poison event terminated');
          metrics?.eventsConsumed.inc({ subject, outcome: 'term' });
          msg.term(); // no reason string: nats-server 2.9 (Debian 12) ignores a +TERM that carries one
          return;
        }
        try {
          await options.handle(event);
          // A plain ack, not ackAck's round trip per message: an ack the server never gets is a
          // redelivery after ack_wait, which every handler absorbs (they are idempotent by design).
          msg.ack();
          metrics?.eventsConsumed.inc({ subject, outcome: 'ack' });
        } catch (error) {
          const delayMs = Math.min(30_000, 250 * 2 ** Math.min(msg.info.deliveryCount, 7));
          logger.warn({ err: error, subject, eventId: event.id, delivery: msg.info.deliveryCount }, 'event handler failed; will retry');
          metrics?.eventsConsumed.inc({ subject, outcome: 'retry' });
          msg.nak(delayMs);
        }
      });
    }
  })();
  return messages;
}
