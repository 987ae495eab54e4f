import { UsersError, type Profile } from '@tasksensei/contracts';
import { isRegistered, toProfile } from '../profile.record.js';
import type { ProfileStore } from '../profile.store.js';

export class GetProfileUseCase {
  constructor(private readonly profiles: ProfileStore) {}

  async execute(userId: string): Promise<Profile> {
    const record = await this.profiles.get(userId);
    // Until `user.registered` is applied there is no profile to show (a membership alone is not one).
    if (!isRegistered(record)) throw new UsersError('PROFILE_NOT_FOUND', 'This user has no profile yet.');
    return toProfile(record);
  }
}
