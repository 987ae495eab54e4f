import { readMessage } from '../../recogniser.js';
import type { Candidate, Recognition } from '../intent.js';

// Tuesday 10 March 2026, 14:00 in Paris.
const PARIS = { now: new Date('2026-03-10T13:00:00Z'), timezone: 'Europe/Paris' };
const built = (detect: (m: NonNullable<ReturnType<typeof readMessage>>) => Candidate | undefined, text: string): Recognition | undefined =>
  detect(readMessage(text, PARIS)!)?.build();

import { createTask } from './create-task.intent.js';

describe('the create-task intent', () => {
  it('takes the title after "track this for me" and "keep track of"', () => {
    expect(built(createTask, 'track this for me: renew the trade licence')).toEqual({
      kind: 'calls',
      calls: [{ name: 'create_task', args: { title: 'renew the trade licence' } }],
    });
    expect(built(createTask, 'keep track of: renew the web domain')).toEqual({
      kind: 'calls',
      calls: [{ name: 'create_task', args: { title: 'renew the web domain' } }],
    });
  });

  it('gives a due date only when one is said', () => {
    expect(built(createTask, 'new task: write the proposal, due Thursday')).toEqual({
      kind: 'calls',
      calls: [{ name: 'create_task', args: { title: 'write the proposal', dueAt: '2026-03-12T09:00:00+01:00' } }],
    });
  });

  it('asks what the task should say when nothing is left of the message', () => {
    expect(built(createTask, 'add a task')).toEqual(
      expect.objectContaining({ kind: 'ask', pending: expect.objectContaining({ name: 'create_task', missing: 'title' }) }),
    );
  });
});
