import { z } from 'zod';
import { MembershipStatusSchema } from '../../events/membership-source/membership-source.js';
import { Subjects } from '../../subjects.js';

const SAFE_TOKEN = /^[A-Za-z0-9_-]{1,200}$/;

/**
 * Published by the users service on core NATS (fire and forget, not JetStream) after a
 * membership change is stored, on `users.v1.membership-updated.<token>`. The gateway's socket
 * layer subscribes to `users.v1.membership-updated.*` (or one user's subject) and pushes
 * `membership.updated` `{tier, status}` to that user's open sockets. Missing one is harmless:
 * the profile holds the truth.
 */
export const MembershipUpdatedNotification = Object.freeze({
  wildcard: `${Subjects.users.membershipUpdated}.*`,
  subjectFor: (userId: string) => `${Subjects.users.membershipUpdated}.${subjectToken(userId)}`,
  data: z.object({
    userId: z.string().min(1),
    tier: z.string().min(1),
    status: MembershipStatusSchema,
    currentPeriodEnd: z.iso.datetime({ offset: true }).optional(),
    updatedAt: z.iso.datetime({ offset: true }),
  }),
});
export type MembershipUpdated = z.infer<typeof MembershipUpdatedNotification.data>;

/** A user id as one NATS subject token: as is when safe, else `~` + base64url (ids may hold `.`, `*`, `>`). */
export function subjectToken(userId: string): string {
  return SAFE_TOKEN.test(userId) ? userId : `~${Buffer.from(userId, 'utf8').toString('base64url')}`;
}
