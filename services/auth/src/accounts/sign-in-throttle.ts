import { AuthError } from '@tasksensei/contracts';
import { later, type WaitableClock } from '@tasksensei/platform';
import type { LoginThrottleRepository, ThrottlePolicy } from './login-throttle.repository.js';

export interface SignInThrottlePolicy {
  /** Failures of one account from one client address: that pair is locked, nobody else. */
  readonly pair: ThrottlePolicy;
  /** Failures from one client address on any account (credential stuffing). */
  readonly address: ThrottlePolicy;
  /** Failures of one account from everywhere, in `pair.windowSeconds`, before its answers slow down. */
  readonly accountDelayAfter: number;
  /** The longest that slowing gets (ms). */
  readonly accountDelayMaxMs: number;
}

export interface SignInThrottleDeps {
  readonly store: Pick<LoginThrottleRepository, 'lockedFor' | 'failures' | 'recordFailure'>;
  readonly policy: SignInThrottlePolicy;
  /** Waited on for the account's delay. */
  readonly clock: WaitableClock;
}

/**
 * Brute-force protection for the password and the second-factor step alike. A stranger cannot
 * lock a user out: locks are per (account, client address) pair and per address. The account as
 * a whole only gets slower, progressively (250 ms doubling per failure past the threshold, up
 * to a cap), which is what distributed guessing meets without the owner being refused.
 */
export class SignInThrottle {
  constructor(private readonly deps: SignInThrottleDeps) {}

  /** Throws RATE_LIMITED while the pair or the address is locked; waits out the account's delay. */
  async before(step: string, account: string, address: string): Promise<void> {
    const keys = this.keys(step, account, address);
    const locked = Math.max(await this.deps.store.lockedFor(keys.pair), await this.deps.store.lockedFor(keys.address));
    if (locked > 0) throw tooMany(locked);
    const failures = await this.deps.store.failures(keys.account, this.deps.policy.pair.windowSeconds);
    const delay = this.delayFor(failures);
    if (delay > 0) await this.deps.clock.waitUntil(later(this.deps.clock, delay));
  }

  /** Counts a failure everywhere; throws RATE_LIMITED if it locked the pair or the address. */
  async failed(step: string, account: string, address: string): Promise<void> {
    const keys = this.keys(step, account, address);
    const accountPolicy = { ...this.deps.policy.pair, maxFailures: Number.MAX_SAFE_INTEGER };
    const [pair, byAddress] = await Promise.all([
      this.deps.store.recordFailure(keys.pair, this.deps.policy.pair),
      this.deps.store.recordFailure(keys.address, this.deps.policy.address),
      this.deps.store.recordFailure(keys.account, accountPolicy),
    ]);
    const lockedNow = Math.max(pair, byAddress);
    if (lockedNow > 0) throw tooMany(lockedNow);
  }

  delayFor(failures: number): number {
    if (failures < this.deps.policy.accountDelayAfter) return 0;
    return Math.min(this.deps.policy.accountDelayMaxMs, 250 * 2 ** Math.min(20, failures - this.deps.policy.accountDelayAfter));
  }

  private keys(step: string, account: string, address: string) {
    return { pair: `${step}#pair#${account}#${address}`, address: `${step}#ip#${address}`, account: `${step}#acct#${account}` };
  }
}

const tooMany = (seconds: number) =>
  new AuthError('TOO_MANY_FAILED_ATTEMPTS', 'Too many failed sign-in attempts. Try again later.', undefined, seconds);
