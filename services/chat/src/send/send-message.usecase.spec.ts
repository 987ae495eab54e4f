import { ErrorCode } from '@tasksensei/contracts';
import type { ConversationRecord, ConversationStore } from '../conversations/conversation.store.js';
import type { MessageRecord } from '../conversations/message.store.js';
import type { ReplyJob } from '../reply/reply-job.js';
import type { ClaimOutcome, ClientMessageRecord, ClientMessageStore } from './client-message.store.js';
import { SendMessageUseCase, titleOf, type ReplyStarter } from './send-message.usecase.js';
import type { UsageStore } from './usage.store.js';
import { fakeOf } from '../../../../test/support/fakes.js';

class Claims implements ClientMessageStore {
  readonly rows = new Map<string, ClientMessageRecord>();
  claim(record: ClientMessageRecord): Promise<ClaimOutcome> {
    const existing = this.rows.get(record.clientMessageId);
    if (existing) return Promise.resolve({ kind: 'duplicate', record: existing });
    this.rows.set(record.clientMessageId, record);
    return Promise.resolve({ kind: 'claimed' });
  }
  accept(_userId: string, id: string) {
    this.rows.set(id, { ...this.rows.get(id)!, state: 'accepted' });
    return Promise.resolve();
  }
  takeOver(stale: ClientMessageRecord, claimedAt: string) {
    const current = this.rows.get(stale.clientMessageId);
    if (current?.claimedAt !== stale.claimedAt) return Promise.resolve(false);
    this.rows.set(stale.clientMessageId, { ...current, claimedAt });
    return Promise.resolve(true);
  }
  release(_userId: string, id: string) {
    this.rows.delete(id);
    return Promise.resolve();
  }
}

function setup(messagesPerDay = 3, openFails = false) {
  const conversations = new Map<string, ConversationRecord>();
  const messages: MessageRecord[] = [];
  const started: ReplyJob[] = [];
  let count = 0;
  const clock = { now: () => new Date('2026-03-10T13:00:00Z') };
  const claims = new Claims();
  const usage: UsageStore = { consume: (_u, _d, limit) => Promise.resolve(count < limit && ++count > 0), refund: () => Promise.resolve() };
  const admissions: Promise<unknown>[] = [];
  const replies: ReplyStarter = {
    open: (_job, _at, question) =>
      openFails ? Promise.reject(new Error('the store is down')) : Promise.resolve(void (question && messages.push(question))),
    start: (job, _acceptedAt, admitted) => {
      started.push(job);
      if (admitted) admissions.push(admitted.then(() => [...claims.rows.values()].map((r) => r.state)));
    },
  };
  const useCase = new SendMessageUseCase(
    fakeOf<ConversationStore>({
      get: (userId, id) => Promise.resolve([...conversations.values()].find((c) => c.userId === userId && c.conversationId === id)),
      create: (r) => Promise.resolve(!conversations.has(r.conversationId) && conversations.set(r.conversationId, r) !== undefined),
      touchAndGet: (userId, id, at) => {
        const found = [...conversations.values()].find((c) => c.userId === userId && c.conversationId === id);
        if (found && found.updatedAt < at) conversations.set(id, { ...found, updatedAt: at });
        return Promise.resolve(conversations.get(found ? id : ''));
      },
    }),
    claims,
    usage,
    { limitsFor: () => Promise.resolve({ planId: 'free', planName: 'Free', messagesPerDay, automations: [] }) },
    replies,
    clock,
  );
  return { useCase, conversations, messages, started, claims, admissions };
}

describe('sending a message', () => {
  it('acknowledges at once with new ids and starts the reply', async () => {
    const { useCase, started, messages, conversations } = setup();
    const ack = await useCase.execute('u1', { text: 'hello there', clientMessageId: 'c-1' });
    expect(ack).toEqual({ conversationId: expect.stringMatching(/^c_/), messageId: expect.stringMatching(/^m_/) });
    expect(started).toEqual([
      expect.objectContaining({ conversationId: ack.conversationId, reply: expect.objectContaining({ messageId: ack.messageId }) }),
    ]);
    expect(messages).toEqual([expect.objectContaining({ role: 'user', text: 'hello there' })]);
    expect(conversations.get(ack.conversationId)?.title).toBe('hello there');
  });

  it('answers a repeated clientMessageId with the first ack and does nothing else', async () => {
    const { useCase, started, messages } = setup();
    const first = await useCase.execute('u1', { text: 'hello', clientMessageId: 'c-1' });
    expect(await useCase.execute('u1', { text: 'hello', clientMessageId: 'c-1' })).toEqual({ ...first, duplicate: true });
    expect(started).toHaveLength(1);
    expect(messages).toHaveLength(1);
  });

  it('finishes a claim a crashed process left pending, with its ids', async () => {
    const { useCase, claims, started } = setup();
    claims.rows.set('c-9', {
      userId: 'u1',
      clientMessageId: 'c-9',
      conversationId: 'c_old',
      userMessageId: 'm_u',
      messageId: 'm_r',
      state: 'pending',
      claimedAt: '2026-03-10T12:00:00.000Z',
    });
    expect(await useCase.execute('u1', { text: 'hello', clientMessageId: 'c-9' })).toEqual({ conversationId: 'c_old', messageId: 'm_r' });
    expect(started).toHaveLength(1);
  });

  it('refuses a message over the daily limit, and the same clientMessageId may be sent again later', async () => {
    const { useCase, claims } = setup(1);
    await useCase.execute('u1', { text: 'one', clientMessageId: 'c-1' });
    await expect(useCase.execute('u1', { text: 'two', clientMessageId: 'c-2' })).rejects.toEqual(
      expect.objectContaining({ code: ErrorCode.RateLimited, retryAfterSeconds: 11 * 3600 }),
    );
    expect(claims.rows.has('c-2')).toBe(false);
  });

  it("refuses another user's conversation as not found, and lets its clientMessageId go", async () => {
    const { useCase, claims, started } = setup();
    const ack = await useCase.execute('u1', { text: 'hello', clientMessageId: 'c-1' });
    await expect(useCase.execute('u2', { text: 'hi', clientMessageId: 'c-2', conversationId: ack.conversationId })).rejects.toEqual(
      expect.objectContaining({ code: ErrorCode.NotFound }),
    );
    expect(claims.rows.has('c-2')).toBe(false);
    expect(started).toHaveLength(1);
  });

  it('hands the reply the conversation it read, so the context does not read it again', async () => {
    const { useCase, started, conversations } = setup();
    const first = await useCase.execute('u1', { text: 'hello', clientMessageId: 'c-1' });
    conversations.set(first.conversationId, { ...conversations.get(first.conversationId)!, summary: 'they said hello' });
    await useCase.execute('u1', { text: 'again', clientMessageId: 'c-2', conversationId: first.conversationId });
    expect(started[1]?.conversation).toEqual(expect.objectContaining({ conversationId: first.conversationId, summary: 'they said hello' }));
  });

  it('starts the reply at once, to stream once the message is written and its claim final', async () => {
    const { useCase, admissions, messages } = setup();
    await useCase.execute('u1', { text: 'hello', clientMessageId: 'c-1' });
    expect(admissions).toHaveLength(1);
    expect(await admissions[0]).toEqual(['accepted']);
    expect(messages).toHaveLength(1);
  });

  it('fails the send and the reply alike when the message cannot be written, leaving the claim pending', async () => {
    const { useCase, admissions, claims } = setup(3, true);
    await expect(useCase.execute('u1', { text: 'hello', clientMessageId: 'c-1' })).rejects.toThrow('the store is down');
    await expect(admissions[0]).rejects.toThrow('the store is down');
    expect(claims.rows.get('c-1')?.state).toBe('pending');
  });

  it('titles a conversation with its first words', () => {
    expect(titleOf('Please remind me tomorrow at nine to call the bank about the mortgage renewal paperwork')).toBe(
      'Please remind me tomorrow at nine to call the bank about…',
    );
  });
});
