import { ChromaMemoryStore } from '../src/memory/chroma.memory-store.js';
import { createChroma } from '../src/memory/chroma.client.js';
import type { MemoryEntry } from '../src/memory/memory.store.js';
import { OfflineEmbeddings } from '../src/memory/offline-embeddings.js';
import { testStack } from '../../../test/support/test-stack.js';
import { newUserId } from './support/chat-client.js';

/**
 * The memory store against the run's real Chroma, through LangChain community's Chroma vector
 * store: the user filter inside the query, idempotent upserts by message id, cosine scores.
 */
describe('memories in Chroma through the LangChain vector store', () => {
  const chroma = createChroma(`http://127.0.0.1:${testStack().ports.chroma}`);
  const collectionName = `e2e-memory-${Date.now()}`;
  const store = new ChromaMemoryStore(chroma, new OfflineEmbeddings(512), collectionName);
  const entry = (userId: string, id: string, text: string, createdAt: string): MemoryEntry => ({
    id: `${id}-${userId}`,
    userId,
    conversationId: `c-${userId}`,
    role: 'user',
    text,
    createdAt,
  });

  it("recalls only the user's own messages, with cosine scores, and upserts by id", async () => {
    const [alice, bob] = [newUserId('alice'), newUserId('bob')];
    const bobsTwin = entry(bob, 'm1', 'My locker code at the gym is 4417.', '2026-01-01T10:00:00.000Z');
    await store.remember([
      entry(alice, 'm1', 'My locker code at the gym is 2291.', '2026-01-01T10:00:00.000Z'),
      entry(alice, 'm2', 'I moved to Lisbon last spring.', '2026-01-01T10:01:00.000Z'),
      bobsTwin,
    ]);

    const hits = await store.search(alice, 'My locker code at the gym is 2291.', 5);
    expect(hits.map((h) => h.userId)).toEqual([alice, alice]);
    expect(hits[0]).toEqual(expect.objectContaining({ id: `m1-${alice}`, conversationId: `c-${alice}`, role: 'user' }));
    // Cosine space: the same text scores 1, another one less.
    expect(hits[0]!.score).toBeCloseTo(1, 5);
    expect(hits[1]!.score).toBeLessThan(hits[0]!.score);

    // Bob's message is the nearest to his own words, yet Alice's single best hit is hers: the filter is inside the query.
    expect((await store.search(alice, bobsTwin.text, 1)).map((h) => h.id)).toEqual([`m1-${alice}`]);

    // Remembering the same message again (a retried reply) replaces it rather than adding a copy.
    await store.remember([{ ...bobsTwin, text: 'My locker code at the gym is 5530.' }]);
    expect(await store.count(bob)).toBe(1);
    const bobs = await store.search(bob, 'locker code', 5);
    expect(bobs.map((h) => h.text)).toEqual(['My locker code at the gym is 5530.']);

    const collection = await chroma.getCollection({
      name: collectionName,
      embeddingFunction: { name: 'e2e', generate: () => Promise.resolve([]) },
    });
    expect(collection.configuration.hnsw?.space).toBe('cosine');
  }, 60_000);
});
