import { SessionRevoker, type OidcAdapterClass } from './session-revoker.js';
import type { SessionRecord } from './session.repository.js';

function setup(records: SessionRecord[]) {
  const calls: string[] = [];
  const rows = new Map(records.map((r) => [`${r.userId}/${r.sessionId}`, r]));
  const sessions = {
    get: (userId: string, sessionId: string) => Promise.resolve(rows.get(`${userId}/${sessionId}`)),
    list: (userId: string) => Promise.resolve([...rows.values()].filter((r) => r.userId === userId)),
    delete: (userId: string, sessionId: string) => Promise.resolve(void rows.delete(`${userId}/${sessionId}`)),
  };
  const adapter = class {
    constructor(private readonly model: string) {}
    revokeByGrantId(id: string) {
      return Promise.resolve(void calls.push(`${this.model}.revoke ${id}`));
    }
    destroy(id: string) {
      return Promise.resolve(void calls.push(`${this.model}.destroy ${id}`));
    }
  } as unknown as OidcAdapterClass;
  const revocations = {
    revokeSession: (sid: string) => Promise.resolve(void calls.push(`broadcast session ${sid}`)),
    revokeAllSessionsOfUser: (userId: string, options: { except?: string } = {}) =>
      Promise.resolve(void calls.push(`broadcast user ${userId}${options.except ? ` except ${options.except}` : ''}`)),
  };
  return { revoker: new SessionRevoker({ adapter, sessions, revocations }), calls, rows };
}

const session = (userId: string, sessionId: string): SessionRecord => ({
  userId,
  sessionId,
  browserSessionId: `b-${sessionId}`,
  createdAt: '2026-11-29T12:00:00Z',
  lastUsedAt: '2026-11-29T12:00:00Z',
  expiresAt: 4_000_000_000,
});

describe('SessionRevoker', () => {
  it('signs one device out: its grant and browser session, then the broadcast of its sid', async () => {
    const { revoker, calls, rows } = setup([session('u-1', 'g-1'), session('u-1', 'g-2')]);
    await expect(revoker.revokeSession('u-1', 'g-1')).resolves.toBe(true);
    expect(calls).toEqual(['Grant.revoke g-1', 'Session.destroy b-g-1', 'broadcast session g-1']);
    expect([...rows.keys()]).toEqual(['u-1/g-2']);
  });

  it("revokes and broadcasts nothing for another user's session", async () => {
    const { revoker, calls } = setup([session('u-1', 'g-1')]);
    await expect(revoker.revokeSession('u-2', 'g-1')).resolves.toBe(false);
    expect(calls).toEqual([]);
  });

  it('ends every session of the user, then broadcasts once for the user (all, or all but the current one)', async () => {
    const all = setup([session('u-1', 'g-1'), session('u-1', 'g-2')]);
    await expect(all.revoker.revokeAllSessions('u-1')).resolves.toBe(2);
    expect(all.calls.at(-1)).toBe('broadcast user u-1');
    expect(all.calls.filter((c) => c.startsWith('broadcast'))).toHaveLength(1);

    const others = setup([session('u-1', 'g-1'), session('u-1', 'g-2')]);
    await expect(others.revoker.revokeAllSessions('u-1', 'g-2')).resolves.toBe(1);
    expect(others.calls).toEqual(['Grant.revoke g-1', 'Session.destroy b-g-1', 'broadcast user u-1 except g-2']);
  });

  it('without provider state (an external issuer) still broadcasts', async () => {
    const calls: string[] = [];
    const revocations = {
      revokeSession: () => Promise.resolve(),
      revokeAllSessionsOfUser: (userId: string) => Promise.resolve(void calls.push(userId)),
    };
    await expect(new SessionRevoker({ revocations }).revokeAllSessions('u-1')).resolves.toBe(0);
    expect(calls).toEqual(['u-1']);
  });
});
