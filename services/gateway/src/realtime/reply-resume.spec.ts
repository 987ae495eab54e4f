import type { ChatEvent } from '@tasksensei/contracts';
import { SocketReplies } from './reply-resume.js';

const token = (seq: number): ChatEvent => ({
  event: 'message.token',
  userId: 'u1',
  data: { conversationId: 'c1', messageId: 'm1', delta: `t${seq} `, seq },
});
const completed: ChatEvent = { event: 'message.completed', userId: 'u1', data: { conversationId: 'c1', messageId: 'm1', text: 'done' } };
const label = (e: ChatEvent) => (e.event === 'message.token' ? e.data.seq : e.event);

describe('what one socket receives of a reply it resumes', () => {
  it('gets the missed tokens first, then the held live ones, each once and in order, then one end', () => {
    const replies = new SocketReplies();
    const sent: ChatEvent[] = [];
    const emit = (e: ChatEvent) => sent.push(e);
    // Connected again mid-reply: live tokens 6 and 7 arrive before the client asks to resume after 2.
    replies.live(token(6), emit);
    replies.live(token(7), emit);
    sent.length = 0;
    replies.begin('m1', 2);
    replies.live(token(8), emit);
    replies.live(completed, emit);
    expect(sent).toEqual([]);
    replies.finish('m1', [3, 4, 5, 6, 7, 8].map(token), emit);
    expect(sent.map(label)).toEqual([3, 4, 5, 6, 7, 8, 'message.completed']);
    replies.live(completed, emit);
    replies.live(token(9), emit);
    expect(sent.map(label)).toEqual([3, 4, 5, 6, 7, 8, 'message.completed']);
  });

  it('passes live events straight through when nothing is being resumed', () => {
    const replies = new SocketReplies();
    const sent: ChatEvent[] = [];
    [0, 1, 1, 2].forEach((seq) => replies.live(token(seq), (e) => sent.push(e)));
    expect(sent.map(label)).toEqual([0, 1, 2]);
  });
});
