import type { EventOf, UserEmailVerifiedEvent } from '@tasksensei/contracts';
import type { Clock, Logger } from '@tasksensei/platform';
import type { ProfileStore } from '../profile/profile.store.js';

/**
 * `user.email-verified` -> the profile's `email` and `emailVerified`. Ordered by `verifiedAt`:
 * a redelivered or older event changes nothing.
 */
export class ApplyEmailVerifiedUseCase {
  constructor(
    private readonly profiles: ProfileStore,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  async execute(event: EventOf<typeof UserEmailVerifiedEvent>): Promise<void> {
    const { userId, email, verifiedAt } = event.data;
    const applied = await this.profiles.applyEmailVerified(userId, email, verifiedAt, this.clock.now());
    this.logger.info({ userId, eventId: event.id, applied }, applied ? 'email verified' : 'email verification already applied');
  }
}
