import { ChromaDocumentStore } from '../src/documents/chunks/chroma.document-store.js';
import { createChroma } from '../src/memory/chroma.client.js';
import { OfflineEmbeddings } from '../src/memory/offline-embeddings.js';
import { testStack } from '../../../test/support/test-stack.js';
import { newUserId } from './support/chat-client.js';

/** The passages store against the run's real Chroma: per-user search, per-file forgetting, account erasure. */
describe('passages of users’ files in Chroma', () => {
  const store = new ChromaDocumentStore(
    createChroma(`http://127.0.0.1:${testStack().ports.chroma}`),
    new OfflineEmbeddings(512),
    `e2e-documents-${Date.now()}`,
  );
  const chunk = (userId: string, fileId: string, n: number, text: string) => ({
    id: `${fileId}:1:${n}`,
    userId,
    fileId,
    filename: `${fileId}.pdf`,
    page: 1,
    text,
  });

  it("finds only the user's own passages, forgets one file, and erases a user without touching another", async () => {
    const [alice, bob] = [newUserId('alice'), newUserId('bob')];
    await store.add([
      chunk(alice, `a1-${alice}`, 0, 'The late payment penalty is 4,200 EUR per month.'),
      chunk(alice, `a2-${alice}`, 0, 'Holidays are 25 days a year.'),
      chunk(bob, `b1-${bob}`, 0, 'The late payment penalty is 10 EUR per month.'),
    ]);
    const penalty = await store.search(alice, 'late payment penalty', 5);
    expect(penalty.map((h) => h.userId)).toEqual([alice, alice]);
    expect(penalty[0]).toEqual(expect.objectContaining({ fileId: `a1-${alice}`, page: 1, text: expect.stringContaining('4,200 EUR') }));

    await store.forgetFile(alice, `a1-${alice}`);
    expect((await store.search(alice, 'late payment penalty', 5)).map((h) => h.fileId)).toEqual([`a2-${alice}`]);
    // Forgetting someone else's file id as another user removes nothing.
    await store.forgetFile(alice, `b1-${bob}`);
    expect(await store.search(bob, 'late payment penalty', 5)).toHaveLength(1);

    await store.eraseUser(alice);
    expect(await store.search(alice, 'holidays', 5)).toEqual([]);
    expect(await store.search(bob, 'late payment penalty', 5)).toHaveLength(1);
  }, 60_000);
});
