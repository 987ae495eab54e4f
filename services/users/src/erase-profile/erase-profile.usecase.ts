import type { EventOf, UserDeletedEvent } from '@tasksensei/contracts';
import type { Clock, Logger } from '@tasksensei/platform';
import type { ErasedUsersStore } from './erased-users.repository.js';

/**
 * `user.deleted` in users: the marker first (so a membership event racing this one cannot bring
 * the profile back after it is gone), then the profile. Both steps are idempotent.
 */
export class EraseProfileUseCase {
  constructor(
    private readonly store: ErasedUsersStore,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  async execute(event: EventOf<typeof UserDeletedEvent>): Promise<void> {
    const { userId } = event.data;
    await this.store.markErased(userId, this.clock.now());
    await this.store.deleteProfile(userId);
    this.logger.info({ userId, eventId: event.id }, 'profile erased');
  }
}
