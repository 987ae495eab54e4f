import { membershipOrderKey, type MembershipUpdated } from '@tasksensei/contracts';
import { createLogger } from '@tasksensei/platform';
import type { ProfileRecord } from '../profile/profile.record.js';
import type { MembershipWrite, ProfileStore } from '../profile/profile.store.js';
import { ApplyMembershipUseCase } from './apply-membership.usecase.js';
import type { MembershipEvent } from './membership-change.js';
import { fakeOf } from '../../../../test/support/fakes.js';

/** The profile's conditional write, in memory: strictly greater order keys win. */
class MemoryProfiles implements Pick<ProfileStore, 'applyMembership'> {
  readonly rows = new Map<string, ProfileRecord & { membershipOrder?: string }>();
  async applyMembership(write: MembershipWrite, now: Date) {
    const current = this.rows.get(write.userId);
    if (current?.membershipOrder !== undefined && current.membershipOrder >= write.order) return undefined;
    const row = {
      userId: write.userId,
      membership: write.membership,
      membershipOrder: write.order,
      updatedAt: now.toISOString(),
      version: (current?.version ?? 0) + 1,
    };
    this.rows.set(write.userId, row);
    return row;
  }
}

const activated = (id: string, created: number, extra: Record<string, unknown> = {}): MembershipEvent => ({
  id,
  type: 'membership.activated',
  occurredAt: new Date(created * 1000).toISOString(),
  data: {
    userId: 'u1',
    tier: 'pro',
    stripeCustomerId: 'cus_1',
    currentPeriodEnd: '2030-01-01T00:00:00.000Z',
    sourceOrder: membershipOrderKey(created, 1, `evt_${id}`),
    ...extra,
  },
});
const deactivated = (id: string, created: number): MembershipEvent => ({
  id,
  type: 'membership.deactivated',
  occurredAt: new Date(created * 1000).toISOString(),
  data: { userId: 'u1', tier: 'free', reason: 'subscription_deleted', sourceOrder: membershipOrderKey(created, 4, `evt_${id}`) },
});

function setup() {
  const profiles = new MemoryProfiles();
  const pushed: MembershipUpdated[] = [];
  const useCase = new ApplyMembershipUseCase(
    fakeOf<ProfileStore>({ applyMembership: (write, now) => profiles.applyMembership(write, now) }),
    { membershipUpdated: (u) => pushed.push(u) },
    { now: () => new Date('2026-01-01T00:00:00Z') },
    createLogger('test', 'silent'),
  );
  return { profiles, pushed, useCase };
}

describe('ApplyMembershipUseCase', () => {
  it('stores the membership and pushes it to the sockets', async () => {
    const { profiles, pushed, useCase } = setup();
    expect(await useCase.execute(activated('a', 100))).toBe(true);
    expect(profiles.rows.get('u1')?.membership).toEqual({ tier: 'pro', status: 'active', currentPeriodEnd: '2030-01-01T00:00:00.000Z' });
    expect(pushed).toEqual([
      { userId: 'u1', tier: 'pro', status: 'active', currentPeriodEnd: '2030-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' },
    ]);
  });

  it('changes nothing and pushes nothing for a redelivery or an older event', async () => {
    const { profiles, pushed, useCase } = setup();
    await useCase.execute(deactivated('b', 200));
    expect(await useCase.execute(deactivated('b', 200))).toBe(false);
    expect(await useCase.execute(activated('a', 100))).toBe(false);
    expect(profiles.rows.get('u1')).toEqual(expect.objectContaining({ membership: { tier: 'free', status: 'canceled' }, version: 1 }));
    expect(pushed).toHaveLength(1);
  });

  it('maps past_due and trialing, and orders events without a source order by their own time', async () => {
    const { profiles, useCase } = setup();
    await useCase.execute(activated('t', 100, { status: 'trialing' }));
    expect(profiles.rows.get('u1')?.membership?.status).toBe('trialing');
    const pastDue: MembershipEvent = {
      id: 'p',
      type: 'membership.past_due',
      occurredAt: new Date(300_000).toISOString(),
      data: { userId: 'u1', tier: 'pro', stripeCustomerId: 'cus_1' },
    };
    await useCase.execute(pastDue);
    expect(profiles.rows.get('u1')?.membership).toEqual({ tier: 'pro', status: 'past_due' });
  });
});
