import type { ChatEvent } from '@tasksensei/contracts';
import { ResumeReplyUseCase } from './resume-reply.usecase.js';

const data = { conversationId: 'c1', messageId: 'm1' };
const logged: ChatEvent[] = [
  { event: 'message.token', userId: 'u1', data: { ...data, delta: 'a', seq: 0 } },
  { event: 'message.token', userId: 'u1', data: { ...data, delta: 'b', seq: 1 } },
  { event: 'automation.triggered', userId: 'u1', data: { ...data, name: 'create_task', input: {}, result: { ok: true } } },
  { event: 'message.token', userId: 'u1', data: { ...data, delta: 'c', seq: 2 } },
  { event: 'message.completed', userId: 'u1', data: { ...data, text: 'abc' } },
];
const useCase = new ResumeReplyUseCase({ append: () => undefined, read: () => Promise.resolve(logged) });
const label = (e: ChatEvent) => (e.event === 'message.token' ? e.data.seq : e.event);

describe('resuming a reply from its log', () => {
  it('answers what follows the seq the client has, with the end', async () => {
    expect((await useCase.execute('u1', 'm1', 0)).events.map(label)).toEqual([1, 'automation.triggered', 2, 'message.completed']);
    expect((await useCase.execute('u1', 'm1', 1)).events.map(label)).toEqual(['automation.triggered', 2, 'message.completed']);
    expect((await useCase.execute('u1', 'm1', 2)).events.map(label)).toEqual(['message.completed']);
  });

  it('finds nothing of another user', async () => {
    expect(await useCase.execute('u2', 'm1', -1)).toEqual({ found: false, events: [] });
  });
});
