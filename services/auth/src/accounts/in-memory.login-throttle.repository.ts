import { epochSeconds, type Clock } from '@tasksensei/platform';
import type { LoginThrottleRepository, ThrottlePolicy } from './login-throttle.repository.js';

type ThrottleStore = Pick<LoginThrottleRepository, 'lockedFor' | 'failures' | 'recordFailure'>;

/** The login throttle's counters and locks as the DynamoDB repository keeps them (fixed windows, expiring locks), in memory. */
export class InMemoryLoginThrottleRepository implements ThrottleStore {
  private readonly counts = new Map<string, number>();
  private readonly locks = new Map<string, number>();

  constructor(private readonly deps: { readonly clock: Clock }) {}

  lockedFor(key: string): Promise<number> {
    const until = this.locks.get(key) ?? 0;
    return Promise.resolve(Math.max(0, Math.ceil((until - this.deps.clock.now().getTime()) / 1000)));
  }

  failures(key: string, windowSeconds: number): Promise<number> {
    return Promise.resolve(this.counts.get(this.countKey(key, windowSeconds)) ?? 0);
  }

  recordFailure(key: string, policy: ThrottlePolicy): Promise<number> {
    const countKey = this.countKey(key, policy.windowSeconds);
    const failures = (this.counts.get(countKey) ?? 0) + 1;
    this.counts.set(countKey, failures);
    if (failures < policy.maxFailures) return Promise.resolve(0);
    this.locks.set(key, this.deps.clock.now().getTime() + policy.lockSeconds * 1000);
    return Promise.resolve(policy.lockSeconds);
  }

  private countKey(key: string, windowSeconds: number): string {
    return `${key}#${Math.floor(epochSeconds(this.deps.clock) / windowSeconds)}`;
  }
}
