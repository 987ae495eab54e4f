import type { EventContract, EventOf } from '@tasksensei/contracts';
import type { EventPublisher, PublishResult } from '@tasksensei/platform';

/** Validates each envelope against its contract like the JetStream publisher, keeps it, and drops a re-published id as the stream would. */
export class InMemoryEventPublisher implements Pick<EventPublisher, 'publish'> {
  readonly events: { subject: string; event: { id: string; type: string; occurredAt: string; data: unknown } }[] = [];

  publish<C extends EventContract>(contract: C, event: EventOf<C>): Promise<PublishResult> {
    const envelope = contract.envelope.parse(event) as { id: string; type: string; occurredAt: string; data: unknown };
    const duplicate = this.events.some((e) => e.event.id === envelope.id);
    if (!duplicate) this.events.push({ subject: contract.subject, event: envelope });
    return Promise.resolve({ duplicate, seq: this.events.length });
  }

  ofType(type: string) {
    return this.events.filter((e) => e.event.type === type).map((e) => e.event);
  }
}
