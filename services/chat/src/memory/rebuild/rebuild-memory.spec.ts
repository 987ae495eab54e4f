import type { MessageRecord } from '../../conversations/message.store.js';
import { InMemoryMemoryStore } from '../in-memory.memory-store.js';
import { InMemoryForgottenStore } from '../forgotten/in-memory.forgotten-store.js';
import { OfflineEmbeddings } from '../offline-embeddings.js';
import { rebuildMemory } from './rebuild-memory.usecase.js';

const message = (over: Partial<MessageRecord> & Pick<MessageRecord, 'messageId' | 'userId' | 'role' | 'text'>): MessageRecord => ({
  conversationId: 'c1',
  position: over.messageId,
  createdAt: '2026-01-31T09:00:00.000Z',
  ...over,
});

async function* pages(...batches: MessageRecord[][]) {
  for (const batch of batches) yield batch;
}

describe('rebuilding Chroma from the stored messages', () => {
  it('remembers each user’s messages and completed replies again, searchable by that user only', async () => {
    const memory = new InMemoryMemoryStore(new OfflineEmbeddings());
    const result = await rebuildMemory(
      pages(
        [
          message({ messageId: 'm1', userId: 'alice', role: 'user', text: 'my dentist appointment is on friday' }),
          message({ messageId: 'm2', userId: 'alice', role: 'assistant', state: 'completed', text: 'Noted: dentist on Friday.' }),
          message({ messageId: 'm3', userId: 'alice', role: 'tool', text: 'create_task ran' }),
        ],
        [
          message({ messageId: 'm4', userId: 'alice', role: 'assistant', state: 'failed', text: '' }),
          message({ messageId: 'm5', userId: 'alice', role: 'assistant', state: 'generating', text: '' }),
          message({ messageId: 'm6', userId: 'bob', role: 'user', text: 'the dentist called about my invoice' }),
        ],
        [
          message({
            messageId: 'm7',
            userId: 'alice',
            role: 'assistant',
            state: 'completed',
            text: 'The dentist invoice says 80 EUR [1].',
            citations: [{ fileId: 'f1', filename: 'invoice.pdf', page: 1 }],
          }),
        ],
      ),
      memory,
      new InMemoryForgottenStore(),
    );
    // A reply drawn from the user's files (cited) is not remembered, as the reply runner does not.
    expect(result).toEqual({ scanned: 7, remembered: 3, skipped: 0 });
    const hits = await memory.search('alice', 'when is the dentist', 5);
    expect(hits.map((h) => h.id).sort()).toEqual(['m1', 'm2']);
    expect((await memory.search('bob', 'dentist', 5)).map((h) => h.id)).toEqual(['m6']);
  });

  it('keeps no presigned or checkout link, like the reply runner', async () => {
    const memory = new InMemoryMemoryStore(new OfflineEmbeddings());
    const signed = 'https://bucket.s3.amazonaws.com/u/report.pdf?X-Amz-Signature=abc&X-Amz-Expires=900';
    await rebuildMemory(
      pages([message({ messageId: 'm1', userId: 'alice', role: 'assistant', state: 'completed', text: `Upload here: ${signed}` })]),
      memory,
      new InMemoryForgottenStore(),
    );
    const [hit] = await memory.search('alice', 'upload link', 1);
    expect(hit?.text).toBe('Upload here: [link not kept]');
  });
});
