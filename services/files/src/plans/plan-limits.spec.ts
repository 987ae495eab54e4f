import type { Clock, NatsRequester } from '@tasksensei/platform';
import { BillingPlanLimits } from './plan-limits.js';

/** Billing's plan-for-user as a table the test changes; each answer waits for `release`. */
function billing() {
  const tiers = new Map<string, number>();
  const asked: string[] = [];
  let gate: Promise<void> = Promise.resolve();
  let open = () => {};
  const requester = {
    request: async (_contract: unknown, _body: unknown, { userSub }: { userSub: string }) => {
      asked.push(userSub);
      const size = tiers.get(userSub) ?? 10;
      await gate;
      return { plan: { limits: { maxFileSizeBytes: size, storageQuotaBytes: size * 10 } } };
    },
  } as unknown as NatsRequester;
  return {
    requester,
    tiers,
    asked,
    hold: (): void => {
      gate = new Promise((resolve) => (open = resolve));
    },
    release: () => open(),
  };
}

describe('BillingPlanLimits', () => {
  let now = 0;
  const clock: Clock = { now: () => new Date(now) };

  it('asks billing once per user within the cache time, and concurrent misses share one request', async () => {
    const bus = billing();
    const plans = new BillingPlanLimits(bus.requester, 60_000, clock);
    await Promise.all([plans.limitsFor('a'), plans.limitsFor('a'), plans.limitsFor('b')]);
    await plans.limitsFor('a');
    expect(bus.asked).toEqual(['a', 'b']);
    now += 60_001;
    await plans.limitsFor('a');
    expect(bus.asked).toEqual(['a', 'b', 'a']);
  });

  it('reads the new plan on the next upload after a membership change', async () => {
    const bus = billing();
    const plans = new BillingPlanLimits(bus.requester, 60_000, clock);
    expect((await plans.limitsFor('a')).maxFileSizeBytes).toBe(10);
    bus.tiers.set('a', 1_000);
    expect((await plans.limitsFor('a')).maxFileSizeBytes).toBe(10);
    plans.forget('a');
    expect((await plans.limitsFor('a')).maxFileSizeBytes).toBe(1_000);
  });

  it('does not keep an answer that was in flight when the change came', async () => {
    const bus = billing();
    const plans = new BillingPlanLimits(bus.requester, 60_000, clock);
    bus.hold();
    const stale = plans.limitsFor('a');
    plans.forget('a');
    bus.tiers.set('a', 1_000);
    bus.release();
    expect((await stale).maxFileSizeBytes).toBe(10);
    expect((await plans.limitsFor('a')).maxFileSizeBytes).toBe(1_000);
  });
});
