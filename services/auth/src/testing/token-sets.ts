import type { TokenSet } from '@tasksensei/contracts';

const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A token set whose access token carries `claims` (unsigned: the use cases only read it, the issuer signed it). */
export function tokenSet(claims: { sub: string; sid?: string }, refreshToken?: string): TokenSet {
  return {
    access_token: `${part({ alg: 'ES256', typ: 'at+jwt' })}.${part(claims)}.signature`,
    id_token: `${part({ alg: 'ES256' })}.${part({ sub: claims.sub })}.signature`,
    token_type: 'Bearer',
    expires_in: 900,
    ...(refreshToken ? { refresh_token: refreshToken } : {}),
  };
}

/** The sessions' last-use notes, as SessionRepository.touch writes them. */
export class RecordingSessions {
  readonly touched: { userId: string; sessionId: string; at: string }[] = [];

  touch(userId: string, sessionId: string, now: Date): Promise<void> {
    this.touched.push({ userId, sessionId, at: now.toISOString() });
    return Promise.resolve();
  }
}
