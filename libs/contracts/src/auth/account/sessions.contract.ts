import { z } from 'zod';
import { defineRequest } from '../../common/request-contract.js';
import { Subjects } from '../../subjects.js';

export const SessionIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/);

/** API.md `GET /account/sessions` item. */
export const AccountSessionSchema = z.object({
  sessionId: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
  lastUsedAt: z.iso.datetime({ offset: true }),
  userAgent: z.string().optional(),
  current: z.boolean(),
});
export type AccountSession = z.infer<typeof AccountSessionSchema>;

/** `currentSessionId` comes from the caller's verified access token (its `sid`), set by the gateway. */
export const ListSessionsContract = defineRequest({
  subject: Subjects.auth.listSessions,
  request: z.object({ currentSessionId: z.string().max(200).optional() }).strict(),
  reply: z.array(AccountSessionSchema),
});

/** API.md `DELETE /account/sessions/{sessionId}`: another user's session answers NOT_FOUND. */
export const RevokeSessionContract = defineRequest({
  subject: Subjects.auth.revokeSession,
  request: z.object({ sessionId: SessionIdSchema }).strict(),
  reply: z.object({ revoked: z.literal(true) }),
});
