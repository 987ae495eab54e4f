import { MembershipUpdatedNotification, type MembershipUpdated } from '@tasksensei/contracts';
import type { NatsConnection } from '@tasksensei/platform';

export interface MembershipPush {
  membershipUpdated(update: MembershipUpdated): void;
}

/**
 * Tells the gateway a user's membership changed, on core NATS: the socket layer relays it as
 * `membership.updated` to that user's open sockets. Fire and forget by design: a missed push
 * costs a stale badge until the next profile read, never a wrong state.
 */
export class NatsMembershipPush implements MembershipPush {
  constructor(private readonly nc: NatsConnection) {}

  membershipUpdated(update: MembershipUpdated): void {
    const data = MembershipUpdatedNotification.data.parse(update);
    this.nc.publish(MembershipUpdatedNotification.subjectFor(data.userId), JSON.stringify(data));
  }
}
