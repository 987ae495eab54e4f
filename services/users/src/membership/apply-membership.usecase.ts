import type { Clock, Logger } from '@tasksensei/platform';
import type { ProfileStore } from '../profile/profile.store.js';
import { membershipChangeOf, type MembershipEvent } from './membership-change.js';
import type { MembershipPush } from './membership-push.js';

/**
 * Applies a `membership.*` event to the profile. The write is conditional on the event being
 * newer than what the profile holds, so a redelivery or an older event changes nothing, in
 * whatever order the three consumers see them. Only a real change is pushed to sockets.
 */
export class ApplyMembershipUseCase {
  constructor(
    private readonly profiles: ProfileStore,
    private readonly push: MembershipPush,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  async execute(event: MembershipEvent): Promise<boolean> {
    const change = membershipChangeOf(event);
    const record = await this.profiles.applyMembership(change, this.clock.now());
    if (!record) {
      this.logger.info(
        { userId: change.userId, eventId: event.id, order: change.order },
        'membership event older than the profile; ignored',
      );
      return false;
    }
    this.logger.info(
      { userId: change.userId, eventId: event.id, tier: change.membership.tier, status: change.membership.status },
      'membership applied',
    );
    this.push.membershipUpdated({ userId: change.userId, ...change.membership, updatedAt: record.updatedAt });
    return true;
  }
}
