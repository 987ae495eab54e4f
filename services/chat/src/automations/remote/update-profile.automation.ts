import { CompanySchema, DisplayNameSchema, TimeZoneSchema, UpdateProfileContract } from '@tasksensei/contracts';
import type { NatsRequester } from '@tasksensei/platform';
import { z } from 'zod';
import type { Automation } from '../automation.js';
import { fromServiceError } from './service-failure.js';

const schema = z
  .object({
    displayName: DisplayNameSchema.optional().describe('The name to show for the user.'),
    company: CompanySchema.optional().describe("The user's company."),
    timezone: TimeZoneSchema.optional().describe('An IANA time zone such as Europe/Paris.'),
  })
  .strict()
  .refine(
    (v) => v.displayName !== undefined || v.company !== undefined || v.timezone !== undefined,
    'give displayName, company or timezone',
  );

/**
 * Changes the user's profile through the users service (which owns it); `changed` hears of the
 * profile as it now is (the reply path's cached time zone is then the new one at once).
 */
export const updateProfileAutomation = (
  requester: NatsRequester,
  changed?: (userId: string, profile: { timezone?: string | undefined }) => void,
): Automation<typeof schema> => ({
  name: 'update_profile',
  description: "Change the user's profile: display name, company and/or time zone (IANA name).",
  schema,
  async run(input, context) {
    try {
      const profile = await requester.request(UpdateProfileContract, input, { userSub: context.userId });
      changed?.(context.userId, profile);
      return {
        ok: true,
        profile: {
          displayName: profile.displayName,
          ...(profile.company ? { company: profile.company } : {}),
          ...(profile.timezone ? { timezone: profile.timezone } : {}),
        },
        changed: Object.keys(input),
      };
    } catch (error) {
      return fromServiceError(error, 'users');
    }
  },
  describe(input, result) {
    if (!result.ok) return `update_profile did not run: ${result.message}`;
    return `Updated the profile: ${Object.entries(input)
      .map(([field, value]) => `${field} = ${String(value)}`)
      .join(', ')}.`;
  },
});
