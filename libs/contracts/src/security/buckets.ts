import { z } from 'zod';
import type { NatsIdentity } from './identities.js';
import type { ServiceName } from '../subjects.js';

export interface KvBucketDeclaration {
  /** JetStream KV bucket name (its stream is `KV_<name>`). */
  readonly name: string;
  /** The one service that creates the bucket and writes to it. */
  readonly owner: ServiceName;
  /** Who may read and watch it. */
  readonly readers: readonly NatsIdentity[];
}

export const KvBuckets = {
  /**
   * Revoked session ids (key = sid), written by auth at logout, refresh-token reuse and session
   * revocation; every gateway replica watches it and refuses that session's access tokens. Entries
   * expire after the access-token lifetime: by then every token of the session has expired anyway.
   */
  revokedSessions: { name: 'revoked-sessions', owner: 'auth', readers: ['gateway'] },
} as const satisfies Record<string, KvBucketDeclaration>;

export const kvStreamOf = (bucket: string) => `KV_${bucket}`;

/** A value of `revoked-sessions`: tokens issued at or before `revokedAt` are refused (but `except`'s). */
export const RevocationRecordSchema = z.object({
  revokedAt: z.number().int().nonnegative(),
  except: z.string().min(1).max(256).optional(),
});
export type RevocationRecord = z.infer<typeof RevocationRecordSchema>;

const keyToken = (value: string) => Buffer.from(value, 'utf8').toString('base64url');
/** KV keys (`session.<b64url sid>`, `user.<b64url sub>`): any id becomes a valid key. */
export const revocationKeyOfSession = (sessionId: string) => `session.${keyToken(sessionId)}`;
export const revocationKeyOfUser = (userId: string) => `user.${keyToken(userId)}`;
