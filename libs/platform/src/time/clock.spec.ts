import { TestClock, epochSeconds, later, systemClock } from './clock.js';

describe('Clock', () => {
  it('the system clock reads the time and resolves a wait for an instant already past at once', async () => {
    const before = Date.now();
    expect(systemClock.now().getTime()).toBeGreaterThanOrEqual(before);
    await expect(systemClock.waitUntil(new Date(before - 1_000))).resolves.toBeUndefined();
  });

  it('the test clock moves only when told, never backwards, and a wait moves it to the awaited instant', async () => {
    const clock = new TestClock('2026-11-29T12:00:00.400Z');
    expect(epochSeconds(clock)).toBe(Date.parse('2026-11-29T12:00:00Z') / 1000);
    clock.advance(600);
    expect(clock.now().toISOString()).toBe('2026-11-29T12:00:01.000Z');
    clock.set('2026-11-29T11:00:00Z');
    expect(clock.now().toISOString()).toBe('2026-11-29T12:00:01.000Z');

    await clock.waitUntil(later(clock, 250));
    expect(clock.now().toISOString()).toBe('2026-11-29T12:00:01.250Z');
    expect(clock.waits.map((at) => at.toISOString())).toEqual(['2026-11-29T12:00:01.250Z']);
  });
});
