import { ErrorCode, type ServiceError } from '@tasksensei/contracts';
import type { LoginThrottleRepository, ThrottlePolicy } from './login-throttle.repository.js';
import { SignInThrottle } from './sign-in-throttle.js';

/** The counters and locks as the DynamoDB repository keeps them, in memory (one window). */
class MemoryThrottleStore {
  readonly counts = new Map<string, number>();
  readonly locks = new Set<string>();
  async lockedFor(key: string) {
    return this.locks.has(key) ? 900 : 0;
  }
  async failures(key: string) {
    return this.counts.get(key) ?? 0;
  }
  async recordFailure(key: string, policy: ThrottlePolicy) {
    const n = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, n);
    if (n < policy.maxFailures) return 0;
    this.locks.add(key);
    return policy.lockSeconds;
  }
}

const policy = { maxFailures: 10, windowSeconds: 900, lockSeconds: 900 };

function throttle() {
  const store = new MemoryThrottleStore();
  const slept: number[] = [];
  const gate = new SignInThrottle(store as unknown as LoginThrottleRepository, { pair: policy, address: { ...policy, maxFailures: 100 }, accountDelayAfter: 5, accountDelayMaxMs: 2_000 }, async (ms) => {
    slept.push(ms);
  });
  return { gate, slept };
}

const rateLimited = (promise: Promise<unknown>) => expect(promise).rejects.toEqual(expect.objectContaining<Partial<ServiceError>>({ code: ErrorCode.RateLimited }));

describe('sign-in throttling', () => {
  it('locks the (account, address) pair that guessed, not the account from elsewhere', async () => {
    const { gate } = throttle();
    for (let i = 0; i < 9; i++) await gate.failed('password', 'ada@example.com', '203.0.113.9');
    await rateLimited(gate.failed('password', 'ada@example.com', '203.0.113.9'));
    await rateLimited(gate.before('password', 'ada@example.com', '203.0.113.9'));
    await expect(gate.before('password', 'ada@example.com', '198.51.100.7')).resolves.toBeUndefined();
  });

  it('slows the whole account progressively past the threshold, up to the cap, without refusing it', async () => {
    const { gate, slept } = throttle();
    for (let i = 0; i < 7; i++) await gate.failed('password', 'ada@example.com', `203.0.113.${i}`);
    await gate.before('password', 'ada@example.com', '198.51.100.7');
    expect(slept).toEqual([1_000]);
    expect([4, 5, 6, 7, 8, 30].map((n) => gate.delayFor(n))).toEqual([0, 250, 500, 1_000, 2_000, 2_000]);
  });

  it('counts the password and the two-factor step apart', async () => {
    const { gate } = throttle();
    for (let i = 0; i < 9; i++) await gate.failed('mfa', 'ada@example.com', '203.0.113.9');
    await expect(gate.before('password', 'ada@example.com', '203.0.113.9')).resolves.toBeUndefined();
  });
});
