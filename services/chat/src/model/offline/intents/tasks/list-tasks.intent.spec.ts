import { readMessage } from '../../recogniser.js';
import type { Candidate, Recognition } from '../intent.js';

// Tuesday 10 March 2026, 14:00 in Paris.
const PARIS = { now: new Date('2026-03-10T13:00:00Z'), timezone: 'Europe/Paris' };
const built = (detect: (m: NonNullable<ReturnType<typeof readMessage>>) => Candidate | undefined, text: string): Recognition | undefined =>
  detect(readMessage(text, PARIS)!)?.build();

import { listTasks } from './list-tasks.intent.js';

const status = (text: string) => {
  const r = built(listTasks, text);
  return r?.kind === 'calls' ? r.calls[0]!.args.status : undefined;
};

describe('the list-tasks intent', () => {
  it('lists what is still open, however it is asked', () => {
    expect(status('list everything I still have to do')).toBe('open');
    expect(status("what's left on my plate?")).toBe('open');
  });

  it('lists the finished ones, or all of them', () => {
    expect(status("show me what I've already finished")).toBe('done');
    expect(status('list all my tasks, including finished ones')).toBe('all');
  });

  it('is not a listing when adding to the list or asking about the assistant', () => {
    expect(status('add call the bank to my list')).toBeUndefined();
    expect(status('show me what you can do')).toBeUndefined();
  });
});
