import { OfflineEmbeddings } from '../memory/offline-embeddings.js';
import { InMemoryMemoryStore } from '../memory/in-memory.memory-store.js';
import type { ConversationRecord, ConversationStore } from '../conversations/conversation.store.js';
import type { MessageRecord, MessageStore } from '../conversations/message.store.js';
import { ContextBuilder, toModelMessages } from './context-builder.js';
import { readPrompt } from './prompt.js';
import { fakeOf } from '../../../../test/support/fakes.js';

const at = (i: number) => new Date(Date.UTC(2026, 2, 1, 12, 0, i)).toISOString();
const record = (i: number, role: MessageRecord['role'], text: string): MessageRecord => ({
  conversationId: 'c1',
  position: `${at(i)}#m${i}#${role === 'user' ? 0 : 2}`,
  messageId: `m${i}${role}`,
  userId: 'u1',
  role,
  text,
  createdAt: at(i),
  ...(role === 'assistant' ? { state: 'completed' as const } : {}),
});

function stores(history: MessageRecord[], conversation: Partial<ConversationRecord> = {}) {
  const conversations = fakeOf<ConversationStore>({
    get: () => Promise.resolve({ userId: 'u1', conversationId: 'c1', title: 't', createdAt: at(0), updatedAt: at(0), ...conversation }),
  });
  const messages = fakeOf<MessageStore>({ list: () => Promise.resolve(history) });
  return { conversations, messages };
}

const request = {
  userId: 'u1',
  conversationId: 'c1',
  position: '~',
  messageIds: ['now'],
  text: 'and now?',
  now: new Date('2026-03-10T13:00:00Z'),
  timezone: 'Europe/Paris',
};

describe('building the model context', () => {
  it('keeps the recent turns within the token budget and plans a summary of the rest', async () => {
    const history = Array.from({ length: 40 }, (_, i) => record(i, i % 2 ? 'assistant' : 'user', `message ${i} ${'x'.repeat(400)}`));
    const { conversations, messages } = stores(history);
    const memory = new InMemoryMemoryStore(new OfflineEmbeddings());
    const builder = new ContextBuilder(conversations, messages, memory, {
      tokenBudget: 1_000,
      memoryResults: 4,
      recentMessages: 12,
      summaryAfter: 4,
    });
    const context = await builder.build(request);

    const cost = context.messages.reduce((sum, m) => sum + String(m.content).length / 4 + 4, 0);
    expect(cost).toBeLessThanOrEqual(1_000);
    expect(context.historyUsed).toBeGreaterThan(0);
    expect(context.historyUsed).toBeLessThan(12);
    expect(String(context.messages.at(-2)!.content)).toContain('message 39');
    expect(context.messages.at(-1)!.content).toBe('and now?');
    expect(context.summaryPlan?.records).toHaveLength(40 - context.historyUsed);
    expect(context.summaryPlan?.through).toBe(history[40 - context.historyUsed - 1]!.position);
  });

  it('reads only what comes after the summary, with the summary in the prompt', async () => {
    const history = [record(1, 'user', 'old'), record(2, 'assistant', 'old answer'), record(3, 'user', 'recent')];
    const { conversations, messages } = stores(history, { summary: '- The user said: old', summarizedThrough: history[1]!.position });
    const builder = new ContextBuilder(conversations, messages, new InMemoryMemoryStore(new OfflineEmbeddings()), {
      tokenBudget: 3_000,
      memoryResults: 4,
      recentMessages: 12,
      summaryAfter: 12,
    });
    const context = await builder.build(request);
    expect(context.messages.map((m) => m.content)).toEqual([expect.stringContaining('- The user said: old'), 'recent', 'and now?']);
    expect(context.summaryPlan).toBeUndefined();
  });

  it("recalls the user's own earlier messages, not those already in the window nor anyone else's", async () => {
    const memory = new InMemoryMemoryStore(new OfflineEmbeddings());
    await memory.remember([
      { id: 'a', userId: 'u1', conversationId: 'c0', role: 'user', text: 'my dog is called Rex', createdAt: at(0) },
      { id: 'b', userId: 'u2', conversationId: 'c9', role: 'user', text: 'my dog is called Bella', createdAt: at(0) },
      { id: 'm1user', userId: 'u1', conversationId: 'c1', role: 'user', text: 'my dog loves the park', createdAt: at(1) },
    ]);
    const { conversations, messages } = stores([record(1, 'user', 'my dog loves the park')]);
    const builder = new ContextBuilder(conversations, messages, memory, {
      tokenBudget: 3_000,
      memoryResults: 4,
      recentMessages: 12,
      summaryAfter: 12,
    });
    const context = await builder.build({ ...request, text: "what's my dog's name?" });
    const facts = readPrompt(String(context.messages[0]!.content));
    expect(facts.memories.map((m) => m.text)).toEqual(['my dog is called Rex']);
    expect(facts.timezone).toBe('Europe/Paris');
    expect(facts.now.toISOString()).toBe('2026-03-10T13:00:00.000Z');
  });

  it('folds earlier tool runs into the assistant turn they belong to', () => {
    const tool: MessageRecord = { ...record(1, 'tool', 'Created task "x".'), position: 'p#1' };
    expect(
      toModelMessages([record(1, 'user', 'add x'), tool, record(1, 'assistant', 'Done.')]).map((m) => [m.getType(), m.content]),
    ).toEqual([
      ['human', 'add x'],
      ['ai', '[Created task "x".]\nDone.'],
    ]);
  });
});
