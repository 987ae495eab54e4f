import { seededRandom } from './seeded-random.js';

describe('seededRandom', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const take = (seed: number) => Array.from({ length: 5 }, seededRandom(seed));
    expect(take(18)).toEqual(take(18));
    expect(take(18)).not.toEqual(take(19));
  });

  it('stays in [0, 1)', () => {
    const next = seededRandom(7);
    for (let i = 0; i < 10_000; i++) {
      const value = next();
      expect(value >= 0 && value < 1).toBe(true);
    }
  });
});
