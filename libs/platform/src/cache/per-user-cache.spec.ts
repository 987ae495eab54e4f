import { jest } from '@jest/globals';
import { PerUserCache } from './per-user-cache.js';

/** A load whose answer waits until `release`, counting how often it ran. */
function gatedLoad(value: string) {
  let open: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const load = jest.fn(async () => {
    await gate;
    return value;
  });
  return { load, release: () => open() };
}

describe('PerUserCache', () => {
  let now = 0;
  const clock = { now: () => new Date(now) };

  it('keeps a value for the ttl, then loads again', async () => {
    const cache = new PerUserCache<string>(clock, 1_000);
    const load = jest.fn(async () => 'a');
    expect(await cache.get('u', load)).toBe('a');
    now += 999;
    expect(await cache.get('u', load)).toBe('a');
    now += 2;
    await cache.get('u', load);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('shares one load between reads of the same user at once', async () => {
    const cache = new PerUserCache<string>(clock, 1_000);
    const { load, release } = gatedLoad('a');
    const both = Promise.all([cache.get('u', load), cache.get('u', load)]);
    release();
    expect(await both).toEqual(['a', 'a']);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("gives a value set during a load to that load's callers, and keeps it over the load's answer", async () => {
    const cache = new PerUserCache<string>(clock, 1_000);
    const { load, release } = gatedLoad('old');
    const reading = cache.get('u', load);
    cache.set('u', 'new');
    cache.set('u', 'newer');
    release();
    expect(await reading).toBe('newer');
    expect(
      await cache.get(
        'u',
        jest.fn(async () => 'loaded'),
      ),
    ).toBe('newer');
  });

  it('does not keep the answer of a load running when the user was forgotten', async () => {
    const cache = new PerUserCache<string>(clock, 1_000);
    const { load, release } = gatedLoad('old');
    const reading = cache.get('u', load);
    cache.forget('u');
    release();
    expect(await reading).toBe('old');
    const next = jest.fn(async () => 'fresh');
    expect(await cache.get('u', next)).toBe('fresh');
    expect(next).toHaveBeenCalledTimes(1);
  });

  it('keeps nothing from a failed load, and still has the last value as stale', async () => {
    const cache = new PerUserCache<string>(clock, 1_000);
    await cache.get('u', async () => 'a');
    now += 2_000;
    await expect(cache.get('u', async () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(cache.stale('u')).toBe('a');
    expect(cache.stale('other')).toBeUndefined();
  });

  it('never answers from the cache with a ttl of 0', async () => {
    const cache = new PerUserCache<string>(clock, 0);
    const load = jest.fn(async () => 'a');
    await cache.get('u', load);
    await cache.get('u', load);
    expect(load).toHaveBeenCalledTimes(2);
  });
});
