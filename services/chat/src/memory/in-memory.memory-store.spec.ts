import { InMemoryMemoryStore } from './in-memory.memory-store.js';
import { InvalidCursorError } from './memory-order.js';
import type { MemoryEntry } from './memory.store.js';
import { OfflineEmbeddings } from './offline-embeddings.js';

const entry = (i: number, userId = 'u1'): MemoryEntry => ({
  id: `m${String(i).padStart(2, '0')}${userId}`,
  userId,
  conversationId: `c${i % 2}`,
  role: 'user',
  text: `fact number ${i}`,
  createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
});

describe('what a user can see and erase of the memory', () => {
  async function store(): Promise<InMemoryMemoryStore> {
    const memory = new InMemoryMemoryStore(new OfflineEmbeddings());
    await memory.remember([...Array.from({ length: 7 }, (_, i) => entry(i)), entry(3, 'u2')]);
    return memory;
  }

  it('lists newest first, page by page, with only the caller’s memories', async () => {
    const memory = await store();
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await memory.list('u1', { limit: 3, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((m) => m.text));
      expect(page.items.every((m) => m.userId === 'u1')).toBe(true);
      cursor = page.next;
    } while (cursor);
    expect(seen).toEqual([
      'fact number 6',
      'fact number 5',
      'fact number 4',
      'fact number 3',
      'fact number 2',
      'fact number 1',
      'fact number 0',
    ]);
    await expect(memory.list('u1', { limit: 3, cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it('forgets one, everything, or all but the newest; never another user’s', async () => {
    const memory = await store();
    expect(await memory.forget('u1', entry(3, 'u2').id)).toBe(false);
    expect(await memory.count('u2')).toBe(1);
    expect(await memory.forget('u1', entry(3).id)).toBe(true);
    expect(await memory.count('u1')).toBe(6);
    expect(await memory.trim('u1', 4)).toBe(2);
    expect((await memory.list('u1', { limit: 10 })).items.map((m) => m.text)).toEqual([
      'fact number 6',
      'fact number 5',
      'fact number 4',
      'fact number 2',
    ]);
    await memory.forgetAll('u1');
    expect(await memory.count('u1')).toBe(0);
    expect(await memory.count('u2')).toBe(1);
  });
});
