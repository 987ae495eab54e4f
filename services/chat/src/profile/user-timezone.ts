import { ErrorCode, GetProfileContract, isIanaTimeZone, ServiceError } from '@tasksensei/contracts';
import type { Clock, Logger, NatsRequester } from '@tasksensei/platform';

export interface UserTimezones {
  /** The user's IANA zone from their profile; UTC when they have none or the profile cannot be read. */
  timezoneFor(userId: string): Promise<string>;
}

/** Users whose zone is cached at most; past it the cache starts again (a bound on memory, not an LRU). */
const MAX_CACHED = 10_000;

/**
 * The users service's profile zone, cached per user for `cacheMs`: every reply needs it, and
 * asking users over NATS for each one put a request on the way to every first token. The users
 * service announces no profile change, so the cache time bounds how long another replica may
 * use a zone the user has just changed in their settings; a change made through this replica
 * (the `update_profile` automation) is seen at once (`changed`). Lookups of one user at the same
 * time share one request. A user without a profile has UTC, cached alike; a lookup that fails
 * otherwise (users down, a timeout) answers UTC and is not cached.
 */
export class ProfileTimezones implements UserTimezones {
  private readonly cache = new Map<string, { timezone: string; at: number }>();
  private readonly inFlight = new Map<string, Promise<string>>();

  constructor(
    private readonly requester: NatsRequester,
    private readonly logger: Logger,
    private readonly clock: Clock,
    private readonly cacheMs: number,
  ) {}

  timezoneFor(userId: string): Promise<string> {
    const cached = this.cache.get(userId);
    if (cached && this.clock.now().getTime() - cached.at < this.cacheMs) return Promise.resolve(cached.timezone);
    const running = this.inFlight.get(userId);
    if (running) return running;
    const lookup = this.lookUp(userId).finally(() => this.inFlight.delete(userId));
    this.inFlight.set(userId, lookup);
    return lookup;
  }

  /** The user's profile changed through this replica: its zone (none: UTC) holds from now on. */
  changed(userId: string, timezone: string | undefined): void {
    this.store(userId, timezone && isIanaTimeZone(timezone) ? timezone : 'UTC');
  }

  private async lookUp(userId: string): Promise<string> {
    const asked = this.clock.now().getTime();
    let timezone: string;
    try {
      const profile = await this.requester.request(GetProfileContract, {}, { userSub: userId, timeoutMs: 2_000 });
      timezone = profile.timezone && isIanaTimeZone(profile.timezone) ? profile.timezone : 'UTC';
    } catch (error) {
      this.logger.debug({ err: error }, 'no profile time zone; using UTC');
      // No profile (yet) is an answer, kept like one; users not answering is not.
      if (!(error instanceof ServiceError && error.code === ErrorCode.NotFound)) return 'UTC';
      timezone = 'UTC';
    }
    // A change seen meanwhile (`changed`) is newer than this answer.
    if ((this.cache.get(userId)?.at ?? -Infinity) < asked) this.store(userId, timezone, asked);
    return this.cache.get(userId)?.timezone ?? timezone;
  }

  private store(userId: string, timezone: string, at = this.clock.now().getTime()): void {
    if (this.cache.size >= MAX_CACHED && !this.cache.has(userId)) this.cache.clear();
    this.cache.set(userId, { timezone, at });
  }
}
