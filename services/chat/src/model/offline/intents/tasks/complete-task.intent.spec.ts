import { readMessage } from '../../recogniser.js';
import type { Candidate, Recognition } from '../intent.js';

// Tuesday 10 March 2026, 14:00 in Paris.
const PARIS = { now: new Date('2026-03-10T13:00:00Z'), timezone: 'Europe/Paris' };
const built = (detect: (m: NonNullable<ReturnType<typeof readMessage>>) => Candidate | undefined, text: string): Recognition | undefined =>
  detect(readMessage(text, PARIS)!)?.build();

import { completeTask } from './complete-task.intent.js';

describe('the complete-task intent', () => {
  it('marks a task done from a clear request', () => {
    expect(built(completeTask, 'mark the VAT return task as completed')).toEqual({
      kind: 'calls',
      calls: [{ name: 'complete_task', args: { title: 'VAT return' } }],
    });
    expect(built(completeTask, 'the invoices are sent, tick that off')).toEqual({
      kind: 'calls',
      calls: [{ name: 'complete_task', args: { title: 'the invoices' } }],
    });
  });

  it('is no completion for a statement about someone or something', () => {
    expect(built(completeTask, 'my dog is called Rex')).toBeUndefined();
    expect(built(completeTask, 'did you finish the report?')).toBeUndefined();
  });
});
