import type { TokenResponse } from '../src/api/types.js';
import { Session, type SessionDeps, type TabChannel, type TabMessage } from '../src/auth/session.js';

/**
 * The auth service as the tabs see it, stricter than the real one (no 5 s grace): one refresh
 * cookie shared by the browser's tabs, rotated on every refresh; a rotated one sent again
 * revokes the family.
 */
class AuthServer {
  cookie = 'r0';
  private current = 'r0';
  private issued = 0;
  revoked = false;
  calls = 0;
  inFlight = 0;
  maxInFlight = 0;

  async refresh(): Promise<TokenResponse | 'unauthenticated'> {
    const sent = this.cookie;
    this.calls += 1;
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    await new Promise((resolve) => setTimeout(resolve, 5));
    this.inFlight -= 1;
    if (this.revoked || sent !== this.current) {
      this.revoked = true;
      return 'unauthenticated';
    }
    this.issued += 1;
    this.current = this.cookie = `r${this.issued}`;
    return { access_token: `access-${this.issued}`, id_token: 'id', token_type: 'Bearer', expires_in: 900 };
  }
}

/** navigator.locks for one browser: a queue. */
function browserLock() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}

/** BroadcastChannel for one browser: delivers to every other tab. */
function browserChannel() {
  const tabs = new Set<(message: TabMessage) => void>();
  return (): TabChannel => {
    let mine: ((message: TabMessage) => void) | undefined;
    return {
      postMessage: (message) => tabs.forEach((deliver) => deliver !== mine && deliver(message)),
      addEventListener: (_type, listener) => {
        mine = (data) => listener({ data });
        tabs.add(mine);
      },
    };
  };
}

function tab(server: AuthServer, withLock: SessionDeps['withLock'], channel: TabChannel, timers: { ms: number }[] = []): Session {
  return new Session({
    refresh: () => server.refresh(),
    withLock,
    channel,
    now: () => Date.now(),
    setTimer: (_callback, ms) => timers.push({ ms }),
    clearTimer: () => undefined,
  });
}

describe('session across tabs', () => {
  it('keeps refreshes of several tabs to one at a time, so none reuses a rotated cookie', async () => {
    const server = new AuthServer();
    const lock = browserLock();
    const channel = browserChannel();
    const tabs = [tab(server, lock, channel()), tab(server, lock, channel()), tab(server, lock, channel())];

    const tokens = await Promise.all(tabs.map((t) => t.accessToken()));

    expect(server.maxInFlight).toBe(1);
    expect(server.revoked).toBe(false);
    expect(tokens.every((t) => t?.startsWith('access-'))).toBe(true);
    expect(tabs.map((t) => t.current)).toEqual(['signed-in', 'signed-in', 'signed-in']);
  });

  it('hands the refreshed tokens to the tabs that waited, which then do not refresh themselves', async () => {
    const server = new AuthServer();
    const lock = browserLock();
    const channel = browserChannel();
    const [a, b] = [tab(server, lock, channel()), tab(server, lock, channel())];
    await a.accessToken();
    const before = server.calls;

    // Both find the same token wanting at the same moment (expiry, or a 401).
    const stale = await a.accessToken();
    const [fromA, fromB] = await Promise.all([a.refresh(stale), b.refresh(stale)]);

    expect(server.calls - before).toBe(1);
    expect(fromB?.accessToken).toBe(fromA?.accessToken);
    expect(server.revoked).toBe(false);
  });

  it('without the shared lock the same tabs revoke their session (what the lock prevents)', async () => {
    const server = new AuthServer();
    const channel = browserChannel();
    const noLock = <T>(task: () => Promise<T>) => task();
    const [a, b] = [tab(server, noLock, channel()), tab(server, noLock, channel())];

    await Promise.all([a.accessToken(), b.accessToken()]);

    expect(server.revoked).toBe(true);
  });

  it('signs every tab out together; a refresh elsewhere does not sign one back in, a new sign-in does', async () => {
    const server = new AuthServer();
    const lock = browserLock();
    const channel = browserChannel();
    const [a, b] = [tab(server, lock, channel()), tab(server, lock, channel())];
    await a.accessToken();
    expect(b.current).toBe('signed-in');

    a.signedOut(true);
    expect(b.current).toBe('signed-out');

    const third = tab(server, lock, channel());
    third.accept({ access_token: 'late-refresh', token_type: 'Bearer', expires_in: 900 }, false);
    expect(b.current).toBe('signed-out');

    third.accept({ access_token: 'new-sign-in', token_type: 'Bearer', expires_in: 900 }, true);
    expect(b.current).toBe('signed-in');
    await expect(b.accessToken()).resolves.toBe('new-sign-in');
  });

  it('refreshes a token the API refused even though it has not expired', async () => {
    const server = new AuthServer();
    const a = tab(server, browserLock(), browserChannel()());
    const first = await a.accessToken();

    const renewed = await a.refresh(first);

    expect(renewed?.accessToken).not.toBe(first);
    expect(server.calls).toBe(2);
  });

  it('schedules the silent refresh a minute before the access token expires', async () => {
    const timers: { ms: number }[] = [];
    const a = tab(new AuthServer(), browserLock(), browserChannel()(), timers);

    await a.accessToken();

    expect(timers.at(-1)?.ms).toBeGreaterThan(839_000);
    expect(timers.at(-1)?.ms).toBeLessThanOrEqual(840_000);
  });

  it('is signed out when the server refuses the refresh cookie', async () => {
    const server = new AuthServer();
    server.revoked = true;
    const a = tab(server, browserLock(), browserChannel()());

    await expect(a.accessToken()).resolves.toBeUndefined();
    expect(a.current).toBe('signed-out');
  });
});
