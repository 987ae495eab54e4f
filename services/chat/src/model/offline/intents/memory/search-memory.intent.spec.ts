import { readMessage } from '../../recogniser.js';
import type { Candidate, Recognition } from '../intent.js';

// Tuesday 10 March 2026, 14:00 in Paris.
const PARIS = { now: new Date('2026-03-10T13:00:00Z'), timezone: 'Europe/Paris' };
const built = (detect: (m: NonNullable<ReturnType<typeof readMessage>>) => Candidate | undefined, text: string): Recognition | undefined =>
  detect(readMessage(text, PARIS)!)?.build();

import { searchMemory } from './search-memory.intent.js';

const query = (text: string) => {
  const r = built(searchMemory, text);
  return r?.kind === 'calls' ? r.calls[0]!.args.query : undefined;
};

describe('the search-memory intent', () => {
  it('searches past conversations for what follows the request', () => {
    expect(query("search my past conversations for the caterer's phone number")).toBe("the caterer's phone number");
    expect(query("go through my old chats and find the supplier's IBAN")).toContain('IBAN');
  });

  it('leaves the time words out of the query', () => {
    expect(query('have I mentioned the parking permit before?')).toBe('the parking permit');
  });
});
