import { createLogger } from '@tasksensei/platform';
import type { MemoryEntry } from './memory.store.js';
import { MemoryWriter } from './memory-writer.js';

const logger = createLogger('memory-writer-spec', 'silent');

/** A store that records each upsert, and can be held (a slow Chroma) or fail. */
class RecordingStore {
  readonly upserts: string[][] = [];
  readonly forgotten: string[] = [];
  fail = false;
  private held?: Promise<void>;
  private release?: () => void;

  hold(): void {
    this.held = new Promise((resolve) => (this.release = resolve));
  }

  let(): void {
    this.release?.();
    this.held = undefined;
  }

  async remember(entries: readonly MemoryEntry[]): Promise<void> {
    this.upserts.push(entries.map((e) => e.id));
    await this.held;
    if (this.fail) throw new Error('chroma down');
  }

  forgetConversation(_userId: string, conversationId: string): Promise<void> {
    this.forgotten.push(conversationId);
    return Promise.resolve();
  }
}

const entry = (id: string, conversationId = 'c1', text = `text of ${id}`): MemoryEntry => ({
  id,
  userId: 'u1',
  conversationId,
  role: 'user',
  text,
  createdAt: '2026-05-01T10:00:00.000Z',
});
const existing = (...ids: string[]) =>
  ({
    get: (_userId: string, conversationId: string) => Promise.resolve(ids.includes(conversationId) ? { conversationId } : undefined),
  }) as never;

describe('MemoryWriter', () => {
  it('writes what is queued within the flush time as one upsert, and settles each message once it is stored', async () => {
    const store = new RecordingStore();
    const writer = new MemoryWriter({ store, conversations: existing('c1'), logger }, { maxBatch: 10, flushMs: 20 });
    const stored = [writer.remember(entry('a')), writer.remember(entry('b')), writer.remember(entry('c'))];
    expect(store.upserts).toEqual([]);
    await Promise.all(stored);
    expect(store.upserts).toEqual([['a', 'b', 'c']]);
    expect(writer.pending).toBe(0);
  });

  it('writes a full batch at once, and what comes while a batch is written as the next one', async () => {
    const store = new RecordingStore();
    const writer = new MemoryWriter({ store, conversations: existing('c1'), logger }, { maxBatch: 2, flushMs: 60_000 });
    store.hold();
    const first = [writer.remember(entry('a')), writer.remember(entry('b'))];
    expect(store.upserts).toEqual([['a', 'b']]);
    const later = [writer.remember(entry('c')), writer.remember(entry('d')), writer.remember(entry('e'))];
    // One batch at a time: nothing else reaches the store while the first is written.
    expect(store.upserts).toEqual([['a', 'b']]);
    store.let();
    await Promise.all(first);
    await writer.close();
    await Promise.all(later);
    expect(store.upserts).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });

  it('loses nothing on a clean stop: what is queued is written, and later messages at once', async () => {
    const store = new RecordingStore();
    const writer = new MemoryWriter({ store, conversations: existing('c1'), logger }, { maxBatch: 100, flushMs: 60_000 });
    const queued = writer.remember(entry('a'));
    await writer.close();
    await queued;
    expect(store.upserts).toEqual([['a']]);
    await writer.remember(entry('b'));
    expect(store.upserts).toEqual([['a'], ['b']]);
  });

  it('keeps signed links out, skips empty text, and sends one entry per id', async () => {
    const store = new RecordingStore();
    const seen: MemoryEntry[][] = [];
    const writer = new MemoryWriter(
      {
        store: { remember: (e) => (seen.push([...e]), store.remember(e)), forgetConversation: (u, c) => store.forgetConversation(u, c) },
        conversations: existing('c1'),
        logger,
      },
      { maxBatch: 100, flushMs: 5 },
    );
    await Promise.all([
      writer.remember(entry('a', 'c1', 'upload at https://s3.example/f?X-Amz-Signature=abc')),
      writer.remember(entry('a', 'c1', 'upload at https://s3.example/f?X-Amz-Signature=abc')),
      writer.remember(entry('blank', 'c1', '   ')),
    ]);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.map((e) => [e.id, e.text])).toEqual([['a', 'upload at [link not kept]']]);
  });

  it('forgets the vectors of a conversation deleted while they were written, once per conversation', async () => {
    const store = new RecordingStore();
    const writer = new MemoryWriter({ store, conversations: existing('kept'), logger }, { maxBatch: 100, flushMs: 5 });
    await Promise.all([writer.remember(entry('a', 'gone')), writer.remember(entry('b', 'gone')), writer.remember(entry('c', 'kept'))]);
    expect(store.forgotten).toEqual(['gone']);
  });

  it('settles the messages of a failed write (the reply goes on) and writes the next batch', async () => {
    const store = new RecordingStore();
    const writer = new MemoryWriter({ store, conversations: existing('c1'), logger }, { maxBatch: 100, flushMs: 5 });
    store.fail = true;
    await expect(writer.remember(entry('a'))).resolves.toBeUndefined();
    store.fail = false;
    await writer.remember(entry('b'));
    expect(store.upserts).toEqual([['a'], ['b']]);
  });
});
