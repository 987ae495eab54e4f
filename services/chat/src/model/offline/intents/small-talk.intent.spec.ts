import { readMessage } from '../recogniser.js';

// Tuesday 10 March 2026, 14:00 in Paris.
const PARIS = { now: new Date('2026-03-10T13:00:00Z'), timezone: 'Europe/Paris' };

import { isFact, smallTalk } from './small-talk.intent.js';

describe('small talk and statements', () => {
  it('answers greetings, thanks and questions about the assistant', () => {
    expect(smallTalk(readMessage('hello!', PARIS)!)).toEqual({ kind: 'smalltalk', topic: 'greeting' });
    expect(smallTalk(readMessage('thanks a lot', PARIS)!)).toEqual({ kind: 'smalltalk', topic: 'thanks' });
    expect(smallTalk(readMessage('what can you do?', PARIS)!)).toEqual({ kind: 'smalltalk', topic: 'capabilities' });
  });

  it('takes a statement about the user as something to remember', () => {
    expect(isFact(readMessage('my dog is called Bruno', PARIS)!)).toBe(true);
    expect(isFact(readMessage('what is my dog called?', PARIS)!)).toBe(false);
  });
});
