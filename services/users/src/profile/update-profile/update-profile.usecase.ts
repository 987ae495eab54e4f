import { UsersError, type Profile, type UpdateProfileRequest } from '@tasksensei/contracts';
import type { Clock } from '@tasksensei/platform';
import { isRegistered, toProfile } from '../profile.record.js';
import type { ProfileStore } from '../profile.store.js';

/**
 * Optimistic locking: with `expectedVersion` the write only happens if the stored version
 * still matches (one conditional update, so concurrent writers cannot both win); a stale
 * version is a 409 that tells the client which version it has to reload.
 */
export class UpdateProfileUseCase {
  constructor(
    private readonly profiles: ProfileStore,
    private readonly clock: Clock,
  ) {}

  async execute(userId: string, request: UpdateProfileRequest): Promise<Profile> {
    const { expectedVersion, ...changes } = request;
    const outcome = await this.profiles.update(userId, changes, expectedVersion, this.clock.now());
    switch (outcome.kind) {
      case 'not-found':
        throw new UsersError('PROFILE_NOT_FOUND', 'This user has no profile yet.');
      case 'stale-version':
        throw new UsersError(
          'PROFILE_VERSION_CONFLICT',
          `The profile changed since version ${String(expectedVersion)}; it is at version ${outcome.currentVersion}. Reload it and try again.`,
        );
      case 'updated':
        if (!isRegistered(outcome.record)) throw new UsersError('PROFILE_NOT_FOUND', 'This user has no profile yet.');
        return toProfile(outcome.record);
    }
  }
}
