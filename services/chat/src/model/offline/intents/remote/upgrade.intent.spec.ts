import { readMessage } from '../../recogniser.js';
import type { Candidate, Recognition } from '../intent.js';

// Tuesday 10 March 2026, 14:00 in Paris.
const PARIS = { now: new Date('2026-03-10T13:00:00Z'), timezone: 'Europe/Paris' };
const built = (detect: (m: NonNullable<ReturnType<typeof readMessage>>) => Candidate | undefined, text: string): Recognition | undefined =>
  detect(readMessage(text, PARIS)!)?.build();

import { upgrade } from './upgrade.intent.js';

describe('the upgrade intent', () => {
  it('starts an upgrade when asked for one', () => {
    for (const text of ['plz upgrde me to pro', 'sign me up for the paid plan', 'how do I get the premium plan?'])
      expect(built(upgrade, text)).toEqual({ kind: 'calls', calls: [{ name: 'start_upgrade', args: { planId: 'pro' } }] });
  });

  it('does not start one for a topic merely mentioned', () => {
    for (const text of [
      'a customer asked me how they can get paid faster',
      'my friend upgraded his phone yesterday',
      'How much does the pro plan cost?',
    ])
      expect(built(upgrade, text)).toBeUndefined();
  });
});
