import type { ProfileRecord } from '../profile/profile.record.js';
import type { MembershipWrite, ProfileChanges, ProfileStore, UpdateOutcome } from '../profile/profile.store.js';
import type { ErasedUsersStore } from './erased-users.repository.js';

/**
 * The profile store with erased users kept out: writes that would create a profile (a
 * registration, a membership event, which may arrive first) do nothing for an erased user.
 */
export class ErasureAwareProfileStore implements ProfileStore {
  constructor(
    private readonly inner: ProfileStore,
    private readonly erased: ErasedUsersStore,
  ) {}

  get(userId: string): Promise<ProfileRecord | undefined> {
    return this.inner.get(userId);
  }

  async register(userId: string, email: string, displayName: string, now: Date): Promise<boolean> {
    if (await this.erased.isErased(userId)) return false;
    return this.inner.register(userId, email, displayName, now);
  }

  update(userId: string, changes: ProfileChanges, expectedVersion: number | undefined, now: Date): Promise<UpdateOutcome> {
    // Conditional on the profile existing: cannot create one.
    return this.inner.update(userId, changes, expectedVersion, now);
  }

  async applyEmailVerified(userId: string, email: string, verifiedAt: string, now: Date): Promise<boolean> {
    // It may arrive before the profile exists, so it could create one: never for an erased user.
    if (await this.erased.isErased(userId)) return false;
    return this.inner.applyEmailVerified(userId, email, verifiedAt, now);
  }

  async applyMembership(write: MembershipWrite, now: Date): Promise<ProfileRecord | undefined> {
    if (await this.erased.isErased(write.userId)) return undefined;
    return this.inner.applyMembership(write, now);
  }
}
