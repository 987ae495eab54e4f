import { TestClock } from '@tasksensei/platform';
import type { RevocationStore } from './revocation.store.js';
import { SessionRevocations } from './session-revocations.js';

function setup() {
  const clock = new TestClock('2026-11-29T12:00:00.400Z');
  const written: string[] = [];
  const store: RevocationStore = {
    revokeSession: (sessionId, at) => Promise.resolve(void written.push(`session ${sessionId} at ${at}`)),
    revokeUser: (userId, at, except) => Promise.resolve(void written.push(`user ${userId} at ${at}${except ? ` except ${except}` : ''}`)),
  };
  return { clock, written, revocations: new SessionRevocations({ store, clock }) };
}

const SECOND = Date.parse('2026-11-29T12:00:00Z') / 1000;

describe('SessionRevocations', () => {
  it('revokes one session at the current second, without waiting', async () => {
    const { clock, written, revocations } = setup();
    await revocations.revokeSession('g-1');
    expect(written).toEqual([`session g-1 at ${SECOND}`]);
    expect(clock.waits).toEqual([]);
  });

  it("revokes a user's sessions and returns only once that second is over, so a sign-in right after is never taken for an old one", async () => {
    const { clock, written, revocations } = setup();
    await revocations.revokeAllSessionsOfUser('u-1', { except: 'g-2' });
    expect(written).toEqual([`user u-1 at ${SECOND} except g-2`]);
    expect(clock.waits.map((at) => at.toISOString())).toEqual(['2026-11-29T12:00:01.000Z']);
    expect(Math.floor(clock.now().getTime() / 1000)).toBeGreaterThan(SECOND);
  });
});
