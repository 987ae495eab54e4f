import { ErrorCode, type ServiceError } from '@tasksensei/contracts';
import { TestClock } from '@tasksensei/platform';
import { InMemoryLoginThrottleRepository } from './in-memory.login-throttle.repository.js';
import { SignInThrottle } from './sign-in-throttle.js';

const policy = { maxFailures: 10, windowSeconds: 900, lockSeconds: 900 };

function throttle() {
  const clock = new TestClock('2026-11-29T12:00:00Z');
  const store = new InMemoryLoginThrottleRepository({ clock });
  const gate = new SignInThrottle({
    store,
    policy: { pair: policy, address: { ...policy, maxFailures: 100 }, accountDelayAfter: 5, accountDelayMaxMs: 2_000 },
    clock,
  });
  return { gate, clock };
}

const rateLimited = (promise: Promise<unknown>) =>
  expect(promise).rejects.toEqual(expect.objectContaining<Partial<ServiceError>>({ code: ErrorCode.RateLimited }));

describe('sign-in throttling', () => {
  it('locks the (account, address) pair that guessed, not the account from elsewhere', async () => {
    const { gate } = throttle();
    for (let i = 0; i < 9; i++) await gate.failed('password', 'ada@example.com', '203.0.113.9');
    await rateLimited(gate.failed('password', 'ada@example.com', '203.0.113.9'));
    await rateLimited(gate.before('password', 'ada@example.com', '203.0.113.9'));
    await expect(gate.before('password', 'ada@example.com', '198.51.100.7')).resolves.toBeUndefined();
  });

  it('lifts the lock once it has run out', async () => {
    const { gate, clock } = throttle();
    for (let i = 0; i < 9; i++) await gate.failed('password', 'ada@example.com', '203.0.113.9');
    await rateLimited(gate.failed('password', 'ada@example.com', '203.0.113.9'));
    clock.advance(899_000);
    await rateLimited(gate.before('password', 'ada@example.com', '203.0.113.9'));
    clock.advance(1_000);
    await expect(gate.before('password', 'ada@example.com', '203.0.113.9')).resolves.toBeUndefined();
  });

  it('slows the whole account progressively past the threshold, up to the cap, without refusing it', async () => {
    const { gate, clock } = throttle();
    for (let i = 0; i < 7; i++) await gate.failed('password', 'ada@example.com', `203.0.113.${i}`);
    const start = clock.now().getTime();
    await gate.before('password', 'ada@example.com', '198.51.100.7');
    expect(clock.waits.map((at) => at.getTime() - start)).toEqual([1_000]);
    expect([4, 5, 6, 7, 8, 30].map((n) => gate.delayFor(n))).toEqual([0, 250, 500, 1_000, 2_000, 2_000]);
  });

  it('counts the password and the two-factor step apart', async () => {
    const { gate } = throttle();
    for (let i = 0; i < 9; i++) await gate.failed('mfa', 'ada@example.com', '203.0.113.9');
    await expect(gate.before('password', 'ada@example.com', '203.0.113.9')).resolves.toBeUndefined();
  });
});
