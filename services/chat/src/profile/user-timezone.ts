import { GetProfileContract, isIanaTimeZone } from '@tasksensei/contracts';
import type { Logger, NatsRequester } from '@tasksensei/platform';

export interface UserTimezones {
  /** The user's IANA zone from their profile; UTC when they have none or the profile cannot be read. */
  timezoneFor(userId: string): Promise<string>;
}

export class ProfileTimezones implements UserTimezones {
  constructor(
    private readonly requester: NatsRequester,
    private readonly logger: Logger,
  ) {}

  async timezoneFor(userId: string): Promise<string> {
    try {
      const profile = await this.requester.request(GetProfileContract, {}, { userSub: userId, timeoutMs: 2_000 });
      return profile.timezone && isIanaTimeZone(profile.timezone) ? profile.timezone : 'UTC';
    } catch (error) {
      this.logger.debug({ err: error }, 'no profile time zone; using UTC');
      return 'UTC';
    }
  }
}
