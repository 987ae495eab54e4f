import { ErrorCode, GetProfileContract, isIanaTimeZone, ServiceError } from '@tasksensei/contracts';
import { PerUserCache, type Clock, type Logger, type NatsRequester } from '@tasksensei/platform';

export interface UserTimezones {
  /** The user's IANA zone from their profile; UTC when they have none or the profile cannot be read. */
  timezoneFor(userId: string): Promise<string>;
}

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
  private readonly cache: PerUserCache<string>;

  constructor(
    private readonly requester: NatsRequester,
    private readonly logger: Logger,
    clock: Clock,
    cacheMs: number,
  ) {
    this.cache = new PerUserCache(clock, cacheMs);
  }

  async timezoneFor(userId: string): Promise<string> {
    try {
      return await this.cache.get(userId, () => this.lookUp(userId));
    } catch (error) {
      // Users not answering (down, a timeout): UTC for this reply, nothing kept.
      this.logger.debug({ err: error }, 'no profile time zone; using UTC');
      return 'UTC';
    }
  }

  /** The user's profile changed through this replica: its zone (none: UTC) holds from now on. */
  changed(userId: string, timezone: string | undefined): void {
    this.cache.set(userId, timezone && isIanaTimeZone(timezone) ? timezone : 'UTC');
  }

  private async lookUp(userId: string): Promise<string> {
    try {
      const profile = await this.requester.request(GetProfileContract, {}, { userSub: userId, timeoutMs: 2_000 });
      return profile.timezone && isIanaTimeZone(profile.timezone) ? profile.timezone : 'UTC';
    } catch (error) {
      // No profile (yet) is an answer, kept like one.
      if (error instanceof ServiceError && error.code === ErrorCode.NotFound) return 'UTC';
      throw error;
    }
  }
}
