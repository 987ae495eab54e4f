import { TestClock } from '@tasksensei/platform';
import { forgetMemoryAutomation } from '../../automations/memory/forget-memory.automation.js';
import type { AutomationContext } from '../../automations/automation.js';
import type { MessageRecord } from '../../conversations/message.store.js';
import { DeleteAllMemoriesUseCase } from '../delete-all-memories/delete-all-memories.usecase.js';
import { DeleteMemoryUseCase } from '../delete-memory/delete-memory.usecase.js';
import { InMemoryMemoryStore } from '../in-memory.memory-store.js';
import { OfflineEmbeddings } from '../offline-embeddings.js';
import { rebuildMemory } from '../rebuild/rebuild-memory.usecase.js';
import { ErasureRecordingMemory } from './erasure-recording.memory.js';
import { InMemoryForgottenStore } from './in-memory.forgotten-store.js';

const embeddings = new OfflineEmbeddings();

/** A user's stored conversation: what a rebuild reads back. */
const stored = (userId: string, texts: string[], startMinute = 0): MessageRecord[] =>
  texts.map((text, i) => ({
    conversationId: `c-${userId}`,
    position: String(i).padStart(4, '0'),
    messageId: `m-${userId}-${startMinute + i}`,
    userId,
    role: 'user',
    text,
    createdAt: new Date(Date.UTC(2026, 0, 1, 9, startMinute + i)).toISOString(),
  }));

async function* pages(records: MessageRecord[]) {
  yield records;
}

async function setUp(records: MessageRecord[]) {
  const clock = new TestClock('2026-01-01T10:00:00.000Z');
  const live = new InMemoryMemoryStore(embeddings);
  const forgotten = new InMemoryForgottenStore();
  const erasing = new ErasureRecordingMemory(live, forgotten, clock);
  await rebuildMemory(pages(records), live, forgotten);
  /** What a rebuild into an empty store (Chroma's volume lost) brings back, by text. */
  const rebuilt = async (userId: string) => {
    const fresh = new InMemoryMemoryStore(embeddings);
    await rebuildMemory(pages(records), fresh, forgotten);
    return (await fresh.list(userId, { limit: 100 })).items.map((m) => m.text).sort();
  };
  return { clock, live, forgotten, erasing, rebuilt };
}

const context = (userId: string, messageId: string): AutomationContext => ({
  userId,
  conversationId: `c-${userId}`,
  messageId,
  callIndex: 0,
  timezone: 'UTC',
  now: new Date('2026-01-01T10:00:00.000Z'),
  limits: { planId: 'free', planName: 'Free', messagesPerDay: 50, automations: ['forget_memory'] },
});

describe('what a user erased stays erased when the memory is rebuilt from the messages', () => {
  it('one memory deleted from the Memory page does not come back; the others and other users do', async () => {
    const records = [...stored('alice', ['my cat is called Felix', 'I work from Lisbon']), ...stored('bob', ['my cat is called Tom'])];
    const { live, erasing, rebuilt, forgotten } = await setUp(records);
    const changed: string[] = [];
    const deleteOne = new DeleteMemoryUseCase(erasing, (u) => changed.push(u));

    expect(await deleteOne.execute('alice', 'm-alice-0')).toEqual({ deleted: true });
    expect((await live.list('alice', { limit: 10 })).items.map((m) => m.text)).toEqual(['I work from Lisbon']);
    expect(await rebuilt('alice')).toEqual(['I work from Lisbon']);
    expect(await rebuilt('bob')).toEqual(['my cat is called Tom']);
    expect(changed).toEqual(['alice']);

    // Another user's id, or none at all, erases nothing and records nothing.
    expect(await deleteOne.execute('alice', 'm-bob-0')).toEqual({ deleted: false });
    expect(await deleteOne.execute('alice', 'no-such-memory')).toEqual({ deleted: false });
    expect([...(await forgotten.of('alice')).ids]).toEqual(['m-alice-0']);
    expect(await rebuilt('bob')).toEqual(['my cat is called Tom']);
  });

  it('"forget that ..." leaves out what it found, the request and its reply; unrelated memories stay', async () => {
    const records: MessageRecord[] = [
      ...stored('alice', ['the alarm code is 4471', 'my dentist is Dr Moreau', 'forget the alarm code']),
      {
        conversationId: 'c-alice',
        position: '0002~',
        messageId: 'reply-1',
        userId: 'alice',
        role: 'assistant',
        state: 'completed',
        text: 'Forgot 1 remembered message(s) about "the alarm code".',
        createdAt: '2026-01-01T09:03:00.000Z',
      },
    ];
    const { erasing, rebuilt } = await setUp(records);
    const forget = forgetMemoryAutomation(erasing);
    const result = await forget.run({ query: 'the alarm code' }, context('alice', 'reply-1'));
    expect(result).toEqual(expect.objectContaining({ ok: true }));
    // The reply runner's part: the request itself is deleted again once the reply completes.
    await erasing.deleteByIds('alice', ['m-alice-2']);

    expect(await rebuilt('alice')).toEqual(['my dentist is Dr Moreau']);
  });

  it('"delete all" leaves out everything stored until then, and what the user says afterwards is remembered', async () => {
    const before = stored('alice', ['my cat is called Felix', 'I work from Lisbon']);
    const { clock, erasing, rebuilt, forgotten } = await setUp(before);
    await erasing.forget('alice', 'm-alice-1');
    clock.set('2026-01-01T10:05:00.000Z');
    await new DeleteAllMemoriesUseCase(erasing, () => undefined).execute('alice');

    // The single record is covered by "everything until 10:05" and is dropped.
    expect(await forgotten.of('alice')).toEqual({ ids: new Set(), before: '2026-01-01T10:05:00.000Z' });
    const after = stored('alice', ['I moved to Porto'], 70);
    const fresh = new InMemoryMemoryStore(embeddings);
    await rebuildMemory(pages([...before, ...after]), fresh, forgotten);
    expect((await fresh.list('alice', { limit: 10 })).items.map((m) => m.text)).toEqual(['I moved to Porto']);
    expect(await rebuilt('alice')).toEqual([]);
  });

  it('records the erasure before the vectors go: a failed delete is told and nothing can come back meanwhile', async () => {
    const records = stored('alice', ['my cat is called Felix']);
    const { forgotten } = await setUp(records);
    class Unreachable extends InMemoryMemoryStore {
      override deleteByIds(): Promise<void> {
        return Promise.reject(new Error('chroma is down'));
      }
    }
    const failing = new ErasureRecordingMemory(new Unreachable(embeddings), forgotten, new TestClock());
    await expect(failing.deleteByIds('alice', ['m-alice-0'])).rejects.toThrow('chroma is down');
    expect((await forgotten.of('alice')).ids.has('m-alice-0')).toBe(true);
  });

  it('does not remember again an erased message (a reply regenerated for it); fresh messages go in unread', async () => {
    const records = stored('alice', ['my cat is called Felix', 'I work from Lisbon']);
    const { live, erasing, forgotten } = await setUp(records);
    await erasing.forget('alice', 'm-alice-0');
    const reads: string[] = [];
    const of = forgotten.of.bind(forgotten);
    forgotten.of = (userId) => (reads.push(userId), of(userId));
    const entry = (m: MessageRecord, createdAt = m.createdAt) => ({
      id: m.messageId,
      userId: m.userId,
      conversationId: m.conversationId,
      role: 'user' as const,
      text: m.text,
      createdAt,
    });

    await erasing.remember([entry(records[0]!), entry(records[1]!)]);
    expect((await live.list('alice', { limit: 10 })).items.map((m) => m.text)).toEqual(['I work from Lisbon']);
    expect(reads).toEqual(['alice']);

    reads.length = 0;
    await erasing.remember([{ ...entry(records[0]!, '2026-01-01T09:59:30.000Z'), id: 'm-alice-new', text: 'I cycle to work' }]);
    expect(reads).toEqual([]);
    expect((await live.list('alice', { limit: 10 })).items.map((m) => m.text)).toEqual(['I cycle to work', 'I work from Lisbon']);
  });
});
