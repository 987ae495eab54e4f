import type { Clock } from '../time/clock.js';

/** Users whose entry is kept at most; past it the oldest entry leaves. */
const MAX_ENTRIES = 10_000;

/**
 * A value per user read from another service, kept for `ttlMs`: what plan limits and time zones
 * share. Reads of one user at the same time share one load. A value given by `set` or dropped by
 * `forget` is newer than any load already running: such a load's answer is not kept, and its
 * callers get the value `set` gave when there is one. A load that fails keeps nothing.
 */
export class PerUserCache<V> {
  private readonly entries = new Map<string, { readonly value: V; readonly at: number }>();
  private readonly loading = new Map<string, Promise<V>>();
  /** Bumped by `set` and `forget`: a load started before it does not fill the cache. */
  private readonly generations = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
  ) {}

  /** The user's value while fresh, else the load running for them, else a new `load`. */
  get(userId: string, load: () => Promise<V>): Promise<V> {
    const entry = this.entries.get(userId);
    if (entry && this.clock.now().getTime() - entry.at < this.ttlMs) return Promise.resolve(entry.value);
    let pending = this.loading.get(userId);
    if (!pending) {
      pending = this.loaded(userId, load).finally(() => this.loading.delete(userId));
      this.loading.set(userId, pending);
    }
    return pending;
  }

  /** The last value kept for the user, however old (to answer with when a load fails). */
  stale(userId: string): V | undefined {
    return this.entries.get(userId)?.value;
  }

  /** A value known to be the newest (a change made here): kept at once, over any load running. */
  set(userId: string, value: V): void {
    this.invalidate(userId);
    this.keep(userId, value);
  }

  /** The user's value changed elsewhere: the next read loads it again. */
  forget(userId: string): void {
    this.invalidate(userId);
    this.entries.delete(userId);
  }

  private async loaded(userId: string, load: () => Promise<V>): Promise<V> {
    const generation = this.generations.get(userId);
    const at = this.clock.now().getTime();
    const value = await load();
    if (this.generations.get(userId) !== generation) return this.entries.get(userId)?.value ?? value;
    this.keep(userId, value, at);
    return value;
  }

  private invalidate(userId: string): void {
    this.loading.delete(userId);
    const next = (this.generations.get(userId) ?? 0) + 1;
    // Deleted first so that the set moves the user to the newest end (the oldest leave first).
    this.generations.delete(userId);
    this.generations.set(userId, next);
    if (this.generations.size > MAX_ENTRIES) this.generations.delete(this.generations.keys().next().value!);
  }

  private keep(userId: string, value: V, at = this.clock.now().getTime()): void {
    this.entries.delete(userId);
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(userId, { value, at });
  }
}
