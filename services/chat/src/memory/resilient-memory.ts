import type { Logger } from '@tasksensei/platform';
import type { ChatMetrics } from '../reply/chat-metrics.js';
import type { ExportedMemory, MemoryEntry, MemoryHit, MemoryPage, MemoryStore } from './memory.store.js';

/**
 * Memory as the reply path uses it: a reply goes on without recall when Chroma is down (logged),
 * rather than failing. Deleting is not softened: a conversation's vectors must really go.
 */
export class ResilientMemory implements MemoryStore {
  constructor(
    private readonly inner: MemoryStore,
    private readonly logger: Logger,
    private readonly metrics?: ChatMetrics,
  ) {}

  async remember(entries: readonly MemoryEntry[]): Promise<void> {
    try {
      await this.inner.remember(entries);
    } catch (error) {
      this.logger.warn({ err: error, ids: entries.map((e) => e.id) }, 'could not store messages in memory');
    }
  }

  async search(userId: string, query: string, limit: number): Promise<MemoryHit[]> {
    const started = performance.now();
    try {
      return await this.inner.search(userId, query, limit);
    } catch (error) {
      this.logger.warn({ err: error }, 'memory search failed; answering without recall');
      return [];
    } finally {
      this.metrics?.memorySearch.observe((performance.now() - started) / 1000);
    }
  }

  forgetConversation(userId: string, conversationId: string): Promise<void> {
    return this.inner.forgetConversation(userId, conversationId);
  }

  deleteByIds(userId: string, ids: readonly string[]): Promise<void> {
    return this.inner.deleteByIds(userId, ids);
  }

  eraseUser(userId: string): Promise<number> {
    return this.inner.eraseUser(userId);
  }

  exportUser(userId: string): Promise<ExportedMemory[]> {
    return this.inner.exportUser(userId);
  }

  // What the user asks to see or erase is not softened either: they must learn it failed.
  list(userId: string, page: { readonly limit: number; readonly cursor?: string }): Promise<MemoryPage> {
    return this.inner.list(userId, page);
  }

  forget(userId: string, memoryId: string): Promise<boolean> {
    return this.inner.forget(userId, memoryId);
  }

  forgetAll(userId: string): Promise<void> {
    return this.inner.forgetAll(userId);
  }

  count(userId: string): Promise<number> {
    return this.inner.count(userId);
  }

  trim(userId: string, keep: number): Promise<number> {
    return this.inner.trim(userId, keep);
  }
}
