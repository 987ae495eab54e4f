import { ChatEventNotification, type ChatEvent } from '@tasksensei/contracts';
import type { NatsConnection } from '@tasksensei/platform';
import type { ReplyLog } from '../reply/control/reply-log.js';

export interface ChatEvents {
  publish(event: ChatEvent): void;
}

/**
 * The user's event stream on core NATS: every gateway replica relays it to that user's sockets.
 * Validated before it leaves, so a bug here never reaches a browser as a malformed event.
 */
export class NatsChatEvents implements ChatEvents {
  constructor(
    private readonly nc: NatsConnection,
    /** Where a reply's events are kept for a client that reconnects (`resume`). */
    private readonly log?: ReplyLog,
  ) {}

  publish(event: ChatEvent): void {
    const data = ChatEventNotification.data.parse(event);
    if (this.nc.isClosed()) return;
    // The log first: a client resuming right after this event then finds it there or live.
    const messageId = data.event === 'reminder.due' ? undefined : data.data.messageId;
    if (messageId) this.log?.append(messageId, data);
    this.nc.publish(ChatEventNotification.subjectFor(data.userId), JSON.stringify(data));
  }
}
