import { ErrorCode, ServiceError, type TokenSet } from '@tasksensei/contracts';
import { TestClock } from '@tasksensei/platform';
import { RecordingSessions, tokenSet } from '../testing/token-sets.js';
import { SessionUse } from '../tokens/session-use.js';
import type { TokenEndpoint } from '../tokens/token-endpoint.js';
import { InMemoryRefreshGraceRepository } from './in-memory.refresh-grace.repository.js';
import { RefreshUseCase } from './refresh.usecase.js';

const GRACE_SECONDS = 5;

/** An issuer with rotating refresh tokens: a token already rotated is reuse, which revokes its whole family. */
class RotatingIssuer implements Pick<TokenEndpoint, 'refresh'> {
  readonly calls: string[] = [];
  private readonly live = new Set(['refresh-0']);
  private readonly used = new Set<string>();
  private issued = 0;

  refresh(refreshToken: string): Promise<TokenSet> {
    this.calls.push(refreshToken);
    if (!this.live.has(refreshToken)) {
      if (this.used.has(refreshToken)) this.live.clear();
      return Promise.reject(new ServiceError(ErrorCode.Unauthenticated, 'invalid_grant'));
    }
    this.live.delete(refreshToken);
    this.used.add(refreshToken);
    const next = `refresh-${++this.issued}`;
    this.live.add(next);
    return Promise.resolve(tokenSet({ sub: 'u-1', sid: 'g-1' }, next));
  }
}

function setup() {
  const clock = new TestClock('2026-11-29T12:00:00Z');
  const issuer = new RotatingIssuer();
  const grace = new InMemoryRefreshGraceRepository({ graceSeconds: GRACE_SECONDS, clock });
  const sessions = new RecordingSessions();
  const refresh = new RefreshUseCase({ tokens: issuer, grace, sessionUse: new SessionUse({ sessions, clock }), clock });
  return { clock, issuer, grace, sessions, refresh };
}

const unauthenticated = expect.objectContaining({ code: ErrorCode.Unauthenticated });

describe('refresh', () => {
  it('rotates the refresh token and notes the session as used now', async () => {
    const { issuer, sessions, refresh } = setup();
    const tokens = await refresh.execute('refresh-0');
    expect(tokens.refresh_token).toBe('refresh-1');
    expect(issuer.calls).toEqual(['refresh-0']);
    expect(sessions.touched).toEqual([{ userId: 'u-1', sessionId: 'g-1', at: '2026-11-29T12:00:00.000Z' }]);
    await expect(refresh.execute('refresh-1')).resolves.toEqual(expect.objectContaining({ refresh_token: 'refresh-2' }));
  });

  it('answers the same token again inside the grace window with the same new tokens, without asking the issuer', async () => {
    const { clock, issuer, refresh } = setup();
    const first = await refresh.execute('refresh-0');
    clock.advance(GRACE_SECONDS * 1000 - 1);
    await expect(refresh.execute('refresh-0')).resolves.toEqual(first);
    expect(issuer.calls).toEqual(['refresh-0']);
  });

  it('treats the same token after the grace window as reuse: refused, and the family (the newer token too) is revoked', async () => {
    const { clock, issuer, refresh } = setup();
    const first = await refresh.execute('refresh-0');
    clock.advance(GRACE_SECONDS * 1000);
    await expect(refresh.execute('refresh-0')).rejects.toEqual(unauthenticated);
    await expect(refresh.execute(first.refresh_token!)).rejects.toEqual(unauthenticated);
    expect(issuer.calls).toEqual(['refresh-0', 'refresh-0', 'refresh-1']);
  });

  it('waits for a rotation another request is doing and answers its tokens', async () => {
    const { clock, issuer, grace, sessions } = setup();
    // Another replica claimed the token; its tokens land while this request is on its fourth look.
    await grace.claim('refresh-0');
    const theirs = tokenSet({ sub: 'u-1', sid: 'g-1' }, 'refresh-theirs');
    let looks = 0;
    const racing = {
      claim: (token: string) => grace.claim(token),
      complete: (token: string, tokens: TokenSet) => grace.complete(token, tokens),
      release: (token: string) => grace.release(token),
      find: async (token: string) => {
        if (++looks === 4) await grace.complete(token, theirs);
        return grace.find(token);
      },
    };
    const refresh = new RefreshUseCase({ tokens: issuer, grace: racing, sessionUse: new SessionUse({ sessions, clock }), clock });

    await expect(refresh.execute('refresh-0')).resolves.toEqual(theirs);
    expect(clock.waits.map((at) => at.toISOString())).toEqual([
      '2026-11-29T12:00:00.100Z',
      '2026-11-29T12:00:00.200Z',
      '2026-11-29T12:00:00.300Z',
    ]);
    expect(issuer.calls).toEqual([]);
  });

  it('gives up with a timeout after four seconds of looking at a rotation that never finishes', async () => {
    const { clock, grace, refresh } = setup();
    await grace.claim('refresh-0');
    const start = clock.now().getTime();
    await expect(refresh.execute('refresh-0')).rejects.toEqual(expect.objectContaining({ code: ErrorCode.Timeout }));
    expect(clock.waits).toHaveLength(40);
    expect(clock.now().getTime() - start).toBe(4_000);
  });

  it("releases its claim when the issuer refuses, so the token's next refresh asks the issuer again", async () => {
    const { issuer, refresh } = setup();
    await expect(refresh.execute('bogus')).rejects.toEqual(unauthenticated);
    await expect(refresh.execute('bogus')).rejects.toEqual(unauthenticated);
    expect(issuer.calls).toEqual(['bogus', 'bogus']);
  });
});
