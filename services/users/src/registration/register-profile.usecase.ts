import type { EventOf, UserRegisteredEvent } from '@tasksensei/contracts';
import type { Clock, Logger } from '@tasksensei/platform';
import type { ProfileStore } from '../profile/profile.store.js';

/** `user.registered` -> a profile, once: a redelivered event finds the profile and changes nothing. */
export class RegisterProfileUseCase {
  constructor(
    private readonly profiles: ProfileStore,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  async execute(event: EventOf<typeof UserRegisteredEvent>): Promise<void> {
    const { userId, email } = event.data;
    const displayName = event.data.displayName ?? (email.split('@')[0] ?? email).slice(0, 100);
    const created = await this.profiles.register(userId, email, displayName, this.clock.now());
    this.logger.info({ userId, eventId: event.id, created }, created ? 'profile created' : 'profile already existed');
  }
}
