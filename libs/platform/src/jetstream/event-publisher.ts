import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import { headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import { Headers, type EventContract, type EventOf } from '@tasksensei/contracts';
import { currentContext } from '../logging/request-context.js';

export interface PublishResult {
  readonly duplicate: boolean;
  readonly seq: number;
}

/**
 * Publishes validated envelopes with `Nats-Msg-Id` = event id and awaits the stream's ack,
 * so a re-publish inside the duplicate window is dropped by the server.
 */
export class EventPublisher {
  private readonly js: JetStreamClient;

  constructor(nc: NatsConnection) {
    this.js = jetstream(nc);
  }

  async publish<C extends EventContract>(contract: C, event: EventOf<C>): Promise<PublishResult> {
    const envelope = contract.envelope.parse(event);
    const h = natsHeaders();
    const context = currentContext();
    if (context) h.set(Headers.requestId, context.requestId);
    const ack = await this.js.publish(contract.subject, JSON.stringify(envelope), { msgID: envelope.id, headers: h });
    return { duplicate: ack.duplicate, seq: ack.seq };
  }
}
