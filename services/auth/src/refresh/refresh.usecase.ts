import { AuthError, type TokenSet } from '@tasksensei/contracts';
import { later, type WaitableClock } from '@tasksensei/platform';
import type { SessionUse } from '../tokens/session-use.js';
import type { TokenEndpoint } from '../tokens/token-endpoint.js';
import type { RefreshGraceRepository } from './refresh-grace.repository.js';

/** How often a refresh that lost the race looks for the winner's tokens, and for how long. */
const POLL_MS = 100;
const POLL_ATTEMPTS = 40;

export interface RefreshDeps {
  readonly tokens: Pick<TokenEndpoint, 'refresh'>;
  readonly grace: Pick<RefreshGraceRepository, 'find' | 'claim' | 'complete' | 'release'>;
  readonly sessionUse: Pick<SessionUse, 'record'>;
  /** Waited on between looks at a rotation another request is doing. */
  readonly clock: WaitableClock;
}

/**
 * `POST /refresh`: rotates a refresh token. A second refresh with the same token inside the grace
 * window gets the same new tokens (two tabs refreshing at once); after it, reuse is reuse, and
 * the issuer revokes the whole family.
 */
export class RefreshUseCase {
  constructor(private readonly deps: RefreshDeps) {}

  async execute(refreshToken: string): Promise<TokenSet> {
    const { tokens, grace, sessionUse, clock } = this.deps;
    for (let attempt = 0; attempt < POLL_ATTEMPTS; attempt++) {
      const seen = await grace.find(refreshToken);
      if (seen?.state === 'done') return seen.tokens;
      if (!seen && (await grace.claim(refreshToken))) {
        let rotated: TokenSet;
        try {
          rotated = await tokens.refresh(refreshToken);
          await grace.complete(refreshToken, rotated);
        } catch (error) {
          await grace.release(refreshToken);
          throw error;
        }
        return sessionUse.record(rotated);
      }
      // Another request is rotating this token right now: its tokens will be ours.
      await clock.waitUntil(later(clock, POLL_MS));
    }
    throw new AuthError('TOKEN_REFRESH_TIMEOUT', 'The token refresh did not finish in time.');
  }
}
