import type { Logger } from '@tasksensei/platform';
import type { ConversationStore } from '../conversations/conversation.store.js';
import { memorableText } from './memory-policy.js';
import type { MemoryEntry, MemoryStore } from './memory.store.js';

export interface MemoryWriterOptions {
  /** Entries of one upsert at most: a full batch is written at once. */
  readonly maxBatch: number;
  /** How long the first queued entry waits for others before its batch is written. */
  readonly flushMs: number;
}

interface Queued {
  readonly entry: MemoryEntry;
  readonly done: () => void;
}

/**
 * Replies' memory writes, batched: what every reply queues within `flushMs` (or `maxBatch` of it)
 * goes to the store as one upsert (one embedding call, one Chroma request), one batch at a time;
 * entries queued while a batch is written form the next one. Nothing here is on the way to a
 * reply's first token: a reply awaits its entries only before it announces its completion
 * (completed means recallable). `close()` writes what is queued, and anything queued after it is
 * written at once: a clean stop loses nothing.
 *
 * Each batch then makes sure its conversations still exist: a conversation deleted while its
 * vectors were being written must not keep them (DeleteConversationUseCase removes its row before
 * its last sweep of vectors, so one of the two always sees the other). The store is the
 * reply path's softened one: a failed write is logged there, never fails a reply.
 */
export class MemoryWriter {
  private queue: Queued[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** Batches being written, until the queue is empty. */
  private draining: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly deps: {
      readonly store: Pick<MemoryStore, 'remember' | 'forgetConversation'>;
      readonly conversations: Pick<ConversationStore, 'get'>;
      readonly logger: Logger;
    },
    private readonly options: MemoryWriterOptions,
  ) {}

  /** Queues a message (links that act as the user are dropped first); settles once it is stored or given up. */
  remember(original: MemoryEntry): Promise<void> {
    const entry = { ...original, text: memorableText(original.text) };
    if (!entry.text.trim()) return Promise.resolve();
    const stored = new Promise<void>((done) => this.queue.push({ entry, done }));
    if (this.closed || this.queue.length >= this.options.maxBatch) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.options.flushMs).unref();
    return stored;
  }

  /** Entries queued and not yet written. */
  get pending(): number {
    return this.queue.length;
  }

  /** Writes what is queued now, batch after batch, and what is queued meanwhile; settles when the queue is empty. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.draining) return this.draining;
    if (this.queue.length === 0) return Promise.resolve();
    const draining = (async () => {
      // One batch at a time: what is queued while one is written joins the next.
      while (this.queue.length > 0) await this.write(this.queue.splice(0, this.options.maxBatch));
    })();
    this.draining = draining;
    void draining.finally(() => {
      this.draining = undefined;
      // Queued between the last batch and now (after a close, or a full batch): written too.
      if (this.queue.length > 0) void this.flush();
    });
    return draining;
  }

  /** A clean stop: what is queued is written, and later entries are written as they come. */
  close(): Promise<void> {
    this.closed = true;
    return this.flush();
  }

  private async write(batch: readonly Queued[]): Promise<void> {
    try {
      // One entry per id (a stopped reply may queue its message twice): the store refuses repeats in one upsert.
      await this.deps.store.remember([...new Map(batch.map(({ entry }) => [entry.id, entry])).values()]);
      const conversations = new Map(batch.map(({ entry }) => [`${entry.userId}\n${entry.conversationId}`, entry]));
      await Promise.all(
        [...conversations.values()].map(async ({ userId, conversationId }) => {
          try {
            if (!(await this.deps.conversations.get(userId, conversationId)))
              await this.deps.store.forgetConversation(userId, conversationId);
          } catch (error) {
            this.deps.logger.warn({ err: error, conversationId }, 'could not check a remembered message against its conversation');
          }
        }),
      );
    } catch (error) {
      this.deps.logger.warn({ err: error, entries: batch.length }, 'could not store messages in memory');
    } finally {
      for (const q of batch) q.done();
    }
  }
}
