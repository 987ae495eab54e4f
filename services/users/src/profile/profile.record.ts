import type { Membership, Profile } from '@tasksensei/contracts';

/** A profile as stored. `email` is set once `user.registered` was applied; before that the item may hold only a membership. */
export interface ProfileRecord {
  readonly userId: string;
  readonly email?: string;
  readonly displayName?: string;
  readonly company?: string;
  readonly timezone?: string;
  /** Kept as a JSON string: DynamoDB maps refuse empty keys and would reshape numbers. */
  readonly preferencesJson?: string;
  readonly membership?: Membership;
  readonly membershipOrder?: string;
  readonly membershipEventId?: string;
  /** The latest address proved by a verification link (`user.email-verified`), and when. */
  readonly verifiedEmail?: string;
  readonly emailVerifiedAt?: string;
  readonly createdAt?: string;
  readonly updatedAt: string;
  readonly version: number;
}

export const FREE_MEMBERSHIP: Membership = { tier: 'free', status: 'active' };

export function isRegistered(record: ProfileRecord | undefined): record is ProfileRecord & { email: string; createdAt: string } {
  return !!record?.email && !!record.createdAt;
}

export function toProfile(record: ProfileRecord & { email: string; createdAt: string }): Profile {
  const membership = record.membership ?? FREE_MEMBERSHIP;
  return {
    userId: record.userId,
    // The account's email changes only through verification: the newest verified one is current.
    email: record.verifiedEmail ?? record.email,
    emailVerified: record.verifiedEmail !== undefined,
    displayName: record.displayName ?? record.email.split('@')[0] ?? record.email,
    ...(record.company !== undefined ? { company: record.company } : {}),
    ...(record.timezone !== undefined ? { timezone: record.timezone } : {}),
    preferences: record.preferencesJson ? (JSON.parse(record.preferencesJson) as Profile['preferences']) : {},
    membership: {
      tier: membership.tier,
      status: membership.status,
      ...(membership.currentPeriodEnd ? { currentPeriodEnd: membership.currentPeriodEnd } : {}),
    },
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    version: record.version,
  };
}
