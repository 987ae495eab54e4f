import { Document } from '@langchain/core/documents';
import type { Embeddings } from '@langchain/core/embeddings';
import type { ChromaClient, Collection } from 'chromadb';
import { CollectionVectorStore } from './chroma.vector-store.js';
import { newestFirst, pageOf } from './memory-order.js';
import type { ExportedMemory, MemoryEntry, MemoryHit, MemoryPage, MemoryStore } from './memory.store.js';

const DELETE_BATCH = 500;
/** Rows per `get` when reading a user's whole set of memories (bounded by the plan's cap). */
const SCAN_BATCH = 1_000;

type EntryMetadata = { userId: string; conversationId: string; role: string; createdAt: string };

/**
 * Memory in Chroma: one collection per embedding (vectors of two models never mix), cosine
 * space, our own embedding function (Chroma's default would download a model). Upserts and
 * similarity queries go through LangChain community's Chroma vector store; every query carries
 * `where: {userId}`, so another user's messages are never candidates. Listing, counting and
 * deleting read the collection itself (the vector store has no paged `get`).
 */
export class ChromaMemoryStore implements MemoryStore {
  private readonly vectors: CollectionVectorStore;

  constructor(
    private readonly chroma: ChromaClient,
    private readonly embeddings: Embeddings,
    readonly collectionName: string,
    /** Every collection of the database (memories, file chunks...): what erasing and exporting a user cover. */
    private readonly collectionNames: () => Promise<string[]> = () => Promise.resolve([collectionName]),
  ) {
    this.vectors = new CollectionVectorStore(chroma, embeddings, collectionName, {
      configuration: { hnsw: { space: 'cosine' } },
      embeddingFunctionName: 'tasksensei-chat',
    });
  }

  async remember(entries: readonly MemoryEntry[]): Promise<void> {
    // Upsert by the message's own id: indexing the same message again (a retried reply) is harmless.
    await this.vectors.upsert(entries.map(toDocument));
  }

  async search(userId: string, query: string, limit: number): Promise<MemoryHit[]> {
    if (limit <= 0 || !query.trim()) return [];
    const hits = await this.vectors.similaritySearchWithScore(query, limit, { userId });
    return hits.flatMap(([document, distance]) => {
      const metadata = document.metadata as Partial<EntryMetadata>;
      // Belt and braces: a hit of anyone else is dropped even if the filter were ever lost.
      if (!document.id || metadata.userId !== userId || typeof metadata.createdAt !== 'string') return [];
      return [
        {
          id: document.id,
          text: document.pageContent,
          userId,
          conversationId: metadata.conversationId ?? '',
          role: metadata.role === 'assistant' ? 'assistant' : 'user',
          createdAt: metadata.createdAt,
          score: 1 - distance,
        },
      ];
    });
  }

  async forgetConversation(userId: string, conversationId: string): Promise<void> {
    const collection = await this.open();
    // chromadb 3.0.0's client rejects every `$and` filter (its validator checks the array as a
    // filter), so select by conversation and check the owner here before deleting by id.
    for (;;) {
      const page = await collection.get<EntryMetadata>({ where: { conversationId }, include: ['metadatas'], limit: DELETE_BATCH });
      const ids = page.ids.filter((_, i) => page.metadatas[i]?.userId === userId);
      if (ids.length > 0) await collection.delete({ ids });
      if (page.ids.length < DELETE_BATCH || ids.length === 0) return;
    }
  }

  async deleteByIds(userId: string, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const collection = await this.open();
    const found = await collection.get<EntryMetadata>({ ids: [...ids], include: ['metadatas'] });
    const own = found.ids.filter((_, i) => found.metadatas[i]?.userId === userId);
    if (own.length > 0) await collection.delete({ ids: own });
  }

  async eraseUser(userId: string): Promise<number> {
    let erased = 0;
    for (const collection of await this.everyCollection()) {
      for (;;) {
        const page = await collection.get({ where: { userId }, include: ['metadatas'], limit: DELETE_BATCH });
        if (page.ids.length === 0) break;
        await collection.delete({ ids: page.ids });
        erased += page.ids.length;
      }
    }
    return erased;
  }

  async exportUser(userId: string): Promise<ExportedMemory[]> {
    const exported: ExportedMemory[] = [];
    for (const collection of await this.everyCollection()) {
      for (let offset = 0; ; offset += DELETE_BATCH) {
        const page = await collection.get({ where: { userId }, include: ['documents', 'metadatas'], limit: DELETE_BATCH, offset });
        page.ids.forEach((id, i) => {
          const metadata = page.metadatas[i] ?? {};
          const field = (name: string) => (typeof metadata[name] === 'string' ? { [name]: metadata[name] } : {});
          exported.push({
            memoryId: id,
            collection: collection.name,
            text: page.documents[i] ?? '',
            ...field('conversationId'),
            ...field('role'),
            ...field('createdAt'),
          });
        });
        if (page.ids.length < DELETE_BATCH) break;
      }
    }
    return exported;
  }

  async list(userId: string, page: { readonly limit: number; readonly cursor?: string }): Promise<MemoryPage> {
    // Chroma has no ordering, so the user's keys (metadata only, no vectors or documents) are
    // sorted here; the plan's cap bounds how many there are. Documents are read for one page.
    const keys = (await this.keysOf(userId)).sort(newestFirst);
    const { items, next } = pageOf(keys, page.limit, page.cursor);
    if (items.length === 0) return next ? { items: [], next } : { items: [] };
    const collection = await this.open();
    const rows = await collection.get<EntryMetadata>({ ids: items.map((k) => k.id), include: ['documents', 'metadatas'] });
    const byId = new Map(rows.ids.map((id, i) => [id, { text: rows.documents[i], metadata: rows.metadatas[i] }]));
    const entries = items.flatMap((key) => {
      const row = byId.get(key.id);
      if (!row?.metadata || row.text == null || row.metadata.userId !== userId) return [];
      return [toEntry(key.id, row.text, row.metadata)];
    });
    return next ? { items: entries, next } : { items: entries };
  }

  async forget(userId: string, memoryId: string): Promise<boolean> {
    const collection = await this.open();
    const found = await collection.get<EntryMetadata>({ ids: [memoryId], include: ['metadatas'] });
    // Someone else's memory reads exactly as no memory: nothing is deleted, nothing revealed.
    if (found.metadatas[0]?.userId !== userId) return false;
    await collection.delete({ ids: [memoryId] });
    return true;
  }

  async forgetAll(userId: string): Promise<void> {
    const collection = await this.open();
    await collection.delete({ where: { userId } });
  }

  async count(userId: string): Promise<number> {
    return (await this.keysOf(userId)).length;
  }

  async trim(userId: string, keep: number): Promise<number> {
    const keys = await this.keysOf(userId);
    if (keys.length <= keep) return 0;
    const oldest = keys
      .sort(newestFirst)
      .slice(Math.max(0, keep))
      .map((k) => k.id);
    const collection = await this.open();
    for (let i = 0; i < oldest.length; i += DELETE_BATCH) await collection.delete({ ids: oldest.slice(i, i + DELETE_BATCH) });
    return oldest.length;
  }

  /** Every memory id of the user with its creation time. */
  private async keysOf(userId: string): Promise<{ id: string; createdAt: string }[]> {
    const collection = await this.open();
    const keys: { id: string; createdAt: string }[] = [];
    for (let offset = 0; ; offset += SCAN_BATCH) {
      const page = await collection.get<EntryMetadata>({ where: { userId }, include: ['metadatas'], limit: SCAN_BATCH, offset });
      page.ids.forEach((id, i) => {
        const metadata = page.metadatas[i];
        if (metadata?.userId === userId) keys.push({ id, createdAt: metadata.createdAt });
      });
      if (page.ids.length < SCAN_BATCH) return keys;
    }
  }

  /** Every collection of the database: the memories and whatever else holds users' vectors. */
  private async everyCollection(): Promise<Collection[]> {
    // Only ids, documents and metadata are read or deleted: no embedding is computed with this function.
    const embeddingFunction = { name: 'tasksensei-chat', generate: (texts: string[]) => this.embeddings.embedDocuments(texts) };
    return Promise.all((await this.collectionNames()).map((name) => this.chroma.getCollection({ name, embeddingFunction })));
  }

  private open(): Promise<Collection> {
    return this.vectors.ensureCollection();
  }
}

function toDocument(entry: MemoryEntry): Document<EntryMetadata> {
  const metadata: EntryMetadata = {
    userId: entry.userId,
    conversationId: entry.conversationId,
    role: entry.role,
    createdAt: entry.createdAt,
  };
  return new Document({ id: entry.id, pageContent: entry.text, metadata });
}

function toEntry(id: string, text: string, metadata: EntryMetadata): MemoryEntry {
  return {
    id,
    text,
    userId: metadata.userId,
    conversationId: metadata.conversationId,
    role: metadata.role === 'assistant' ? 'assistant' : 'user',
    createdAt: metadata.createdAt,
  };
}
