import { readMessage } from '../../recogniser.js';
import type { Candidate, Recognition } from '../intent.js';

// Tuesday 10 March 2026, 14:00 in Paris.
const PARIS = { now: new Date('2026-03-10T13:00:00Z'), timezone: 'Europe/Paris' };
const built = (detect: (m: NonNullable<ReturnType<typeof readMessage>>) => Candidate | undefined, text: string): Recognition | undefined =>
  detect(readMessage(text, PARIS)!)?.build();

import { forgetMemory } from './forget-memory.intent.js';

const query = (text: string) => {
  const r = built(forgetMemory, text);
  return r?.kind === 'calls' ? r.calls[0]!.args.query : undefined;
};

describe('the forget-memory intent', () => {
  it('forgets what the request names', () => {
    expect(query('forget that my accountant is called Tom')).toBe('my accountant is called Tom');
    expect(query('forget what I said about the supplier discount')).toBe('the supplier discount');
    expect(query("I don't want you to remember the alarm code anymore")).toBe('the alarm code');
  });

  it('is no forget request when forgetting is only talked about', () => {
    expect(built(forgetMemory, 'I forgot my umbrella at the office')).toBeUndefined();
    expect(built(forgetMemory, "don't let me forget to call Sam")).toBeUndefined();
  });
});
