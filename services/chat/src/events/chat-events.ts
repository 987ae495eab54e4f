import { ChatEventNotification, type ChatEvent } from '@tasksensei/contracts';
import type { NatsConnection } from '@tasksensei/platform';

export interface ChatEvents {
  publish(event: ChatEvent): void;
}

/**
 * The user's event stream on core NATS: every gateway replica relays it to that user's sockets.
 * Validated before it leaves, so a bug here never reaches a browser as a malformed event.
 */
export class NatsChatEvents implements ChatEvents {
  constructor(private readonly nc: NatsConnection) {}

  publish(event: ChatEvent): void {
    const data = ChatEventNotification.data.parse(event);
    if (this.nc.isClosed()) return;
    this.nc.publish(ChatEventNotification.subjectFor(data.userId), JSON.stringify(data));
  }
}
