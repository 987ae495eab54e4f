import { jest } from '@jest/globals';
import type { ChatEvent } from '@tasksensei/contracts';
import { ReplyLogBuffer } from './reply-log-buffer.js';

const token = (messageId: string, seq: number): ChatEvent => ({
  event: 'message.token',
  userId: 'u1',
  data: { conversationId: 'c1', messageId, delta: `t${seq}`, seq },
});
const completed = (messageId: string): ChatEvent => ({
  event: 'message.completed',
  userId: 'u1',
  data: { conversationId: 'c1', messageId, text: 'done' },
});
const label = (e: ChatEvent) => (e.event === 'message.token' ? e.data.seq : e.event);

describe('the reply log, written per group of events and never per token', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function buffer(flushMs = 50) {
    const writes: [string, (string | number)[]][] = [];
    return { writes, log: new ReplyLogBuffer((messageId, events) => writes.push([messageId, events.map(label)]), flushMs) };
  }

  it('groups the tokens of a reply over the flush time, each reply on its own', () => {
    const { writes, log } = buffer();
    log.append('m1', token('m1', 0));
    log.append('m2', token('m2', 0));
    log.append('m1', token('m1', 1));
    jest.advanceTimersByTime(49);
    expect(writes).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(writes).toEqual([
      ['m1', [0, 1]],
      ['m2', [0]],
    ]);
    log.append('m1', token('m1', 2));
    jest.advanceTimersByTime(50);
    expect(writes.at(-1)).toEqual(['m1', [2]]);
  });

  it('logs any other event at once, after the tokens before it, in one write', () => {
    const { writes, log } = buffer();
    log.append('m1', token('m1', 0));
    log.append('m1', token('m1', 1));
    log.append('m1', completed('m1'));
    expect(writes).toEqual([['m1', [0, 1, 'message.completed']]]);
    jest.advanceTimersByTime(100);
    expect(writes).toHaveLength(1);
  });

  it('writes each event alone without a flush time, and everything waiting on a flush', () => {
    const unbuffered = buffer(0);
    unbuffered.log.append('m1', token('m1', 0));
    expect(unbuffered.writes).toEqual([['m1', [0]]]);
    const { writes, log } = buffer();
    log.append('m1', token('m1', 0));
    log.append('m2', token('m2', 0));
    log.flushAll();
    expect(writes).toEqual([
      ['m1', [0]],
      ['m2', [0]],
    ]);
  });
});
