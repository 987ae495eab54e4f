import { ServiceError } from '@tasksensei/contracts';
import type { Logger, NatsRequester } from '@tasksensei/platform';
import { ProfileTimezones } from './user-timezone.js';
import { fakeOf } from '../../../../test/support/fakes.js';

/** The users service's answers, one profile per user; `failing` makes every request fail. */
function setup(cacheMs = 60_000) {
  let now = Date.parse('2026-03-10T13:00:00Z');
  const zones = new Map<string, string | undefined>([['u1', 'Asia/Tokyo']]);
  const asked: string[] = [];
  let failing = false;
  const pending: Array<() => void> = [];
  let hold = false;
  const requester = fakeOf<NatsRequester>({
    request: ((_contract: unknown, _data: unknown, options: { userSub: string }) => {
      asked.push(options.userSub);
      const answer = () =>
        failing ? Promise.reject(new Error('users is down')) : Promise.resolve({ timezone: zones.get(options.userSub) });
      if (!hold) return answer();
      return new Promise((resolve, reject) => pending.push(() => void answer().then(resolve, reject)));
    }) as NatsRequester['request'],
  });
  const logger = fakeOf<Logger>({ debug: () => undefined });
  const timezones = new ProfileTimezones(requester, logger, { now: () => new Date(now) }, cacheMs);
  return {
    timezones,
    zones,
    asked,
    advance: (ms: number) => (now += ms),
    fail: (value: boolean) => (failing = value),
    holdAnswers: () => (hold = true),
    release: () => pending.splice(0).forEach((answer) => answer()),
  };
}

describe("the user's time zone", () => {
  it('asks users once per user within the cache time, and again after it', async () => {
    const { timezones, zones, asked, advance } = setup();
    expect(await timezones.timezoneFor('u1')).toBe('Asia/Tokyo');
    zones.set('u1', 'Europe/Paris');
    advance(59_000);
    expect(await timezones.timezoneFor('u1')).toBe('Asia/Tokyo');
    advance(2_000);
    expect(await timezones.timezoneFor('u1')).toBe('Europe/Paris');
    expect(asked).toEqual(['u1', 'u1']);
  });

  it('answers UTC for a profile without a zone, or one users cannot give, and does not keep a failure', async () => {
    const { timezones, zones, asked, fail } = setup();
    zones.set('u2', undefined);
    expect(await timezones.timezoneFor('u2')).toBe('UTC');
    fail(true);
    expect(await timezones.timezoneFor('u1')).toBe('UTC');
    fail(false);
    expect(await timezones.timezoneFor('u1')).toBe('Asia/Tokyo');
    expect(asked).toEqual(['u2', 'u1', 'u1']);
  });

  it('keeps UTC for a user without a profile like any answer', async () => {
    const { timezones, asked, advance } = setup();
    expect(await timezones.timezoneFor('nobody')).toBe('UTC');
    advance(30_000);
    expect(await timezones.timezoneFor('nobody')).toBe('UTC');
    expect(asked).toEqual(['nobody']);
  });

  it('shares one request between replies of the same user asking at once', async () => {
    const { timezones, asked, holdAnswers, release } = setup();
    holdAnswers();
    const both = Promise.all([timezones.timezoneFor('u1'), timezones.timezoneFor('u1')]);
    release();
    expect(await both).toEqual(['Asia/Tokyo', 'Asia/Tokyo']);
    expect(asked).toEqual(['u1']);
  });

  it('takes a change made through chat at once, even over an answer asked for before it', async () => {
    const { timezones, asked } = setup();
    expect(await timezones.timezoneFor('u1')).toBe('Asia/Tokyo');
    timezones.changed('u1', 'America/New_York');
    expect(await timezones.timezoneFor('u1')).toBe('America/New_York');

    const { timezones: other, holdAnswers: holdOther, release: releaseOther } = setup();
    holdOther();
    const asking = other.timezoneFor('u1');
    other.changed('u1', 'Europe/Berlin');
    releaseOther();
    expect(await asking).toBe('Europe/Berlin');
    expect(await other.timezoneFor('u1')).toBe('Europe/Berlin');
    expect(asked).toEqual(['u1']);
  });

  it('never caches with a cache time of 0', async () => {
    const { timezones, asked } = setup(0);
    await timezones.timezoneFor('u1');
    await timezones.timezoneFor('u1');
    expect(asked).toEqual(['u1', 'u1']);
  });
});
