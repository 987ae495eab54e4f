import { readMessage } from '../../recogniser.js';
import type { Candidate, Recognition } from '../intent.js';

// Tuesday 10 March 2026, 14:00 in Paris.
const PARIS = { now: new Date('2026-03-10T13:00:00Z'), timezone: 'Europe/Paris' };
const built = (detect: (m: NonNullable<ReturnType<typeof readMessage>>) => Candidate | undefined, text: string): Recognition | undefined =>
  detect(readMessage(text, PARIS)!)?.build();

import { profile } from './profile.intent.js';

describe('the profile intent', () => {
  it('changes the name, company or time zone it is given', () => {
    expect(built(profile, 'Could you please change my company name to Boulangerie Martin? Thanks')).toEqual({
      kind: 'calls',
      calls: [{ name: 'update_profile', args: { company: 'Boulangerie Martin' } }],
    });
    expect(built(profile, 'switch my timezone to pacific time')).toEqual({
      kind: 'calls',
      calls: [{ name: 'update_profile', args: { timezone: 'America/Los_Angeles' } }],
    });
  });

  it('asks for the value of a bare request, to take it from the next message', () => {
    expect(built(profile, 'change my name')).toEqual(
      expect.objectContaining({ kind: 'ask', pending: { name: 'update_profile', args: {}, missing: 'displayName' } }),
    );
    expect(built(profile, 'update my company')).toEqual(
      expect.objectContaining({ kind: 'ask', pending: { name: 'update_profile', args: {}, missing: 'company' } }),
    );
  });
});
