import { jest } from '@jest/globals';
import { createLogger } from '@tasksensei/platform';
import type { ReplyRef } from '../conversations/message.store.js';
import { LeaseHeartbeat } from './lease-heartbeat.js';

const logger = createLogger('lease-spec', 'silent');
const reply: ReplyRef = { conversationId: 'c1', position: 'p#2', messageId: 'm1', userId: 'u1' };

describe('the lease heartbeat of a reply', () => {
  beforeEach(() => jest.useFakeTimers({ now: new Date('2026-03-10T13:00:00.000Z') }));
  afterEach(() => jest.useRealTimers());

  function heartbeat(answers: Array<boolean | Error>) {
    const renewals: [string, string][] = [];
    const lease = new LeaseHeartbeat(
      {
        messages: {
          renewLease: (_reply, owner, until) => {
            renewals.push([owner, until]);
            const answer = answers.shift() ?? true;
            return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
          },
        },
        clock: { now: () => new Date() },
      },
      { owner: 'p_me', leaseMs: 3_000 },
    );
    return { lease, renewals };
  }

  it('renews the lease every third of its length, each time for a full length from now, until stopped', async () => {
    const { lease, renewals } = heartbeat([]);
    expect(lease.leaseUntil()).toBe('2026-03-10T13:00:03.000Z');
    const kept = lease.keep(
      reply,
      () => {
        throw new Error('not lost');
      },
      logger,
    );
    await jest.advanceTimersByTimeAsync(2_000);
    expect(renewals).toEqual([
      ['p_me', '2026-03-10T13:00:04.000Z'],
      ['p_me', '2026-03-10T13:00:05.000Z'],
    ]);
    kept.stop();
    await jest.advanceTimersByTimeAsync(5_000);
    expect(renewals).toHaveLength(2);
  });

  it('says once that the lease is lost when another process holds it, and stops renewing', async () => {
    const { lease, renewals } = heartbeat([true, false]);
    const lost = jest.fn();
    lease.keep(reply, lost, logger);
    await jest.advanceTimersByTimeAsync(5_000);
    expect(lost).toHaveBeenCalledTimes(1);
    expect(renewals).toHaveLength(2);
  });

  it('tries again at the next beat when the store fails (the lease outlasts two misses)', async () => {
    const { lease, renewals } = heartbeat([new Error('dynamodb timeout'), true]);
    const lost = jest.fn();
    const kept = lease.keep(reply, lost, logger);
    await jest.advanceTimersByTimeAsync(2_000);
    expect(renewals).toHaveLength(2);
    expect(lost).not.toHaveBeenCalled();
    kept.stop();
  });
});
