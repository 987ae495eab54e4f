/** A token bucket: bursts up to `capacity`, refilled at `perSecond`. */
export class TokenBucket {
  private tokens: number;
  private last = Date.now();

  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
  ) {
    this.tokens = capacity;
  }

  /** Takes a token, or returns the seconds until one is available. */
  take(): number {
    const now = Date.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - this.tokens) / this.perSecond);
  }
}

/**
 * One bucket per user in this process, shared by all of that user's sockets, so opening more
 * sockets does not buy more messages. A bucket idle long enough to be full again equals a new
 * one, so it is dropped (swept at most once a minute, on use).
 */
export class UserBuckets {
  private readonly buckets = new Map<string, { bucket: TokenBucket; lastUsed: number }>();
  private lastSweep = Date.now();
  private readonly idleMs: number;

  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
  ) {
    this.idleMs = Math.ceil((capacity / perSecond) * 1000);
  }

  /** Takes a token from the user's bucket, or returns the seconds until one is available. */
  take(userId: string): number {
    const now = Date.now();
    if (now - this.lastSweep >= 60_000) this.sweep(now);
    let entry = this.buckets.get(userId);
    if (!entry) {
      entry = { bucket: new TokenBucket(this.capacity, this.perSecond), lastUsed: now };
      this.buckets.set(userId, entry);
    }
    entry.lastUsed = now;
    return entry.bucket.take();
  }

  get size(): number {
    return this.buckets.size;
  }

  private sweep(now: number) {
    this.lastSweep = now;
    for (const [userId, entry] of this.buckets) if (now - entry.lastUsed >= this.idleMs) this.buckets.delete(userId);
  }
}
