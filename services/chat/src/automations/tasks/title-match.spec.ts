import { editDistance, fuzzyEquals } from '../../text/edit-distance.js';
import { bestTitleMatch } from './title-match.js';

describe('matching a spoken reference to a task title', () => {
  const titles = ['water the plants', 'call the accountant', 'renew passport', 'call the plumber'];
  const best = (reference: string) => bestTitleMatch(reference, titles, (t) => t);

  it('finds the task from other word forms, typos and fragments', () => {
    expect(best('watering the plnts').match?.item).toBe('water the plants');
    expect(best('renewing my passport').match?.item).toBe('renew passport');
    expect(best('the acountant task').match?.item).toBe('call the accountant');
  });

  it('reports a tie instead of guessing, and nothing for an unrelated reference', () => {
    expect(
      best('call')
        .ambiguous.map((m) => m.item)
        .sort(),
    ).toEqual(['call the accountant', 'call the plumber']);
    expect(best('book the flights')).toEqual({ ambiguous: [] });
  });

  it('counts typos as edits, transpositions included, and requires the first letter', () => {
    expect(editDistance('taks', 'task')).toBe(1);
    expect(editDistance('wendsday', 'wednesday')).toBe(2);
    expect(fuzzyEquals('remnd', 'remind')).toBe(true);
    expect(fuzzyEquals('tall', 'call')).toBe(false);
    expect(fuzzyEquals('cat', 'car')).toBe(false);
  });
});
