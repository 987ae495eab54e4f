import type { Membership } from '@tasksensei/contracts';
import type { ProfileRecord } from './profile.record.js';

export interface ProfileChanges {
  readonly displayName?: string;
  /** `null` removes the attribute. */
  readonly company?: string | null;
  readonly timezone?: string | null;
  readonly preferences?: Record<string, unknown>;
}

export type UpdateOutcome =
  | { readonly kind: 'updated'; readonly record: ProfileRecord }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'stale-version'; readonly currentVersion: number };

export interface MembershipWrite {
  readonly userId: string;
  readonly membership: Membership;
  readonly order: string;
  readonly eventId: string;
}

/** Where profiles live; every write is one conditional DynamoDB update, so none is lost. */
export interface ProfileStore {
  get(userId: string): Promise<ProfileRecord | undefined>;
  /** Creates the profile unless one was registered already; true when this call created it. */
  register(userId: string, email: string, displayName: string, now: Date): Promise<boolean>;
  update(userId: string, changes: ProfileChanges, expectedVersion: number | undefined, now: Date): Promise<UpdateOutcome>;
  /** Records a proved address when `verifiedAt` is newer than the one stored; false when it is not. */
  applyEmailVerified(userId: string, email: string, verifiedAt: string, now: Date): Promise<boolean>;
  /** Stores the membership when `order` is greater than the stored one; undefined when it is not (older or the same event). */
  applyMembership(write: MembershipWrite, now: Date): Promise<ProfileRecord | undefined>;
}
