import type { Embeddings } from '@langchain/core/embeddings';
import { newestFirst, pageOf } from './memory-order.js';
import type { ExportedMemory, MemoryEntry, MemoryHit, MemoryPage, MemoryStore } from './memory.store.js';

/** The same contract as Chroma, exact search in process: unit tests and the offline evaluation. */
export class InMemoryMemoryStore implements MemoryStore {
  private readonly entries = new Map<string, { entry: MemoryEntry; vector: number[] }>();

  constructor(private readonly embeddings: Embeddings) {}

  async remember(entries: readonly MemoryEntry[]): Promise<void> {
    const vectors = await this.embeddings.embedDocuments(entries.map((e) => e.text));
    entries.forEach((entry, i) => this.entries.set(entry.id, { entry, vector: vectors[i]! }));
  }

  async search(userId: string, query: string, limit: number): Promise<MemoryHit[]> {
    const vector = await this.embeddings.embedQuery(query);
    return [...this.entries.values()]
      .filter(({ entry }) => entry.userId === userId)
      .map(({ entry, vector: other }) => ({ ...entry, score: other.reduce((sum, v, i) => sum + v * vector[i]!, 0) }))
      .sort((a, b) => b.score - a.score)
      .slice(0, limit);
  }

  deleteByIds(userId: string, ids: readonly string[]): Promise<void> {
    for (const id of ids) if (this.entries.get(id)?.entry.userId === userId) this.entries.delete(id);
    return Promise.resolve();
  }

  forgetConversation(userId: string, conversationId: string): Promise<void> {
    for (const [id, { entry }] of this.entries)
      if (entry.userId === userId && entry.conversationId === conversationId) this.entries.delete(id);
    return Promise.resolve();
  }

  eraseUser(userId: string): Promise<number> {
    let erased = 0;
    for (const [id, { entry }] of this.entries) {
      if (entry.userId !== userId) continue;
      this.entries.delete(id);
      erased++;
    }
    return Promise.resolve(erased);
  }

  exportUser(userId: string): Promise<ExportedMemory[]> {
    return Promise.resolve(
      [...this.entries.values()]
        .filter(({ entry }) => entry.userId === userId)
        .map(({ entry }) => ({
          memoryId: entry.id,
          collection: 'in-memory',
          text: entry.text,
          conversationId: entry.conversationId,
          role: entry.role,
          createdAt: entry.createdAt,
        })),
    );
  }

  list(userId: string, page: { readonly limit: number; readonly cursor?: string }): Promise<MemoryPage> {
    return Promise.resolve().then(() => pageOf(this.of(userId).sort(newestFirst), page.limit, page.cursor));
  }

  forget(userId: string, memoryId: string): Promise<boolean> {
    const found = this.entries.get(memoryId);
    if (found?.entry.userId !== userId) return Promise.resolve(false);
    this.entries.delete(memoryId);
    return Promise.resolve(true);
  }

  forgetAll(userId: string): Promise<void> {
    for (const entry of this.of(userId)) this.entries.delete(entry.id);
    return Promise.resolve();
  }

  count(userId: string): Promise<number> {
    return Promise.resolve(this.of(userId).length);
  }

  trim(userId: string, keep: number): Promise<number> {
    const oldest = this.of(userId).sort(newestFirst).slice(Math.max(0, keep));
    for (const entry of oldest) this.entries.delete(entry.id);
    return Promise.resolve(oldest.length);
  }

  private of(userId: string): MemoryEntry[] {
    return [...this.entries.values()].filter(({ entry }) => entry.userId === userId).map(({ entry }) => entry);
  }
}
