import { z } from 'zod';
import { MembershipStatusSchema } from '../../events/membership-source/membership-source.js';

const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;
/** Characters as a person counts them (code points), not UTF-16 units. */
const length = (value: string) => [...value].length;

const text = (field: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .refine((v) => length(v) >= min && length(v) <= max, `${field} must be ${min === 0 ? 'at most' : `${min} to`} ${max} characters`)
    .refine((v) => !CONTROL_CHARACTERS.test(v), `${field} must not contain control characters`);

const ZONES = new Set(Intl.supportedValuesOf('timeZone'));
const ZONE_SHAPE = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/;

/** A zone of the IANA database: canonical names and their links (`UTC`, `US/Eastern`); never a bare offset. */
export function isIanaTimeZone(value: string): boolean {
  if (ZONES.has(value)) return true;
  if (!ZONE_SHAPE.test(value)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const PREFERENCES_MAX_BYTES = 8 * 1024;
const PREFERENCES_MAX_DEPTH = 16;

function depth(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  const children = Array.isArray(value) ? value : Object.values(value);
  return 1 + children.reduce<number>((deepest, child) => Math.max(deepest, depth(child)), 0);
}

export const DisplayNameSchema = text('displayName', 1, 100);
export const CompanySchema = text('company', 0, 200);
export const TimeZoneSchema = z.string().max(64).refine(isIanaTimeZone, 'timezone must be an IANA time zone such as Europe/Paris');
export const PreferencesSchema = z
  .record(z.string().max(200), z.json())
  .refine(
    (v) => Buffer.byteLength(JSON.stringify(v), 'utf8') <= PREFERENCES_MAX_BYTES,
    `preferences must be at most ${PREFERENCES_MAX_BYTES} bytes of JSON`,
  )
  .refine((v) => depth(v) <= PREFERENCES_MAX_DEPTH, `preferences must nest at most ${PREFERENCES_MAX_DEPTH} levels`);

/**
 * API.md `POST /user/update`: any of the fields, plus an optional `expectedVersion` for
 * optimistic locking. `null` clears company or timezone; `preferences` replaces the whole object.
 */
export const UpdateProfileRequestSchema = z
  .object({
    displayName: DisplayNameSchema.optional(),
    company: CompanySchema.nullable().optional(),
    timezone: TimeZoneSchema.nullable().optional(),
    preferences: PreferencesSchema.optional(),
    expectedVersion: z.number().int().min(0).optional(),
  })
  .strict()
  .refine((v) => ['displayName', 'company', 'timezone', 'preferences'].some((field) => field in v), {
    message: 'nothing to update: give at least one of displayName, company, timezone, preferences',
  });
export type UpdateProfileRequest = z.infer<typeof UpdateProfileRequestSchema>;

export const MembershipSchema = z.object({
  tier: z.string().min(1),
  status: MembershipStatusSchema,
  currentPeriodEnd: z.iso.datetime({ offset: true }).optional(),
});
export type Membership = z.infer<typeof MembershipSchema>;

/** API.md `GET /user/profile`. */
export const ProfileSchema = z.object({
  userId: z.string().min(1),
  email: z.string().min(1),
  /** True once the owner followed a link mailed to `email` (sign-up, a change, or a password reset). */
  emailVerified: z.boolean(),
  displayName: z.string(),
  company: z.string().optional(),
  timezone: z.string().optional(),
  preferences: z.record(z.string(), z.json()),
  membership: MembershipSchema,
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
  version: z.number().int().min(0),
});
export type Profile = z.infer<typeof ProfileSchema>;
