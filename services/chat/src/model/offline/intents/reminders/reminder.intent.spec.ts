import { readMessage } from '../../recogniser.js';
import type { Candidate, Recognition } from '../intent.js';

// Tuesday 10 March 2026, 14:00 in Paris.
const PARIS = { now: new Date('2026-03-10T13:00:00Z'), timezone: 'Europe/Paris' };
const built = (detect: (m: NonNullable<ReturnType<typeof readMessage>>) => Candidate | undefined, text: string): Recognition | undefined =>
  detect(readMessage(text, PARIS)!)?.build();

import { reminder } from './reminder.intent.js';

describe('the reminder intent', () => {
  it('reads the title and the time in the user zone', () => {
    expect(built(reminder, 'nudge me tomorrow at noon to book the flights')).toEqual({
      kind: 'calls',
      calls: [{ name: 'schedule_reminder', args: { title: 'book the flights', dueAt: '2026-03-11T12:00:00+01:00' } }],
    });
  });

  it('asks for a time and says what it is building, so the next message can answer', () => {
    expect(built(reminder, 'remind me to call the accountant')).toEqual(
      expect.objectContaining({
        kind: 'ask',
        pending: { name: 'schedule_reminder', args: { title: 'call the accountant' }, missing: 'dueAt' },
      }),
    );
  });

  it('is no reminder when asking what was said', () => {
    expect(built(reminder, 'remind me what I said about the budget')).toBeUndefined();
  });
});
