import type { Embeddings } from '@langchain/core/embeddings';
import type { ChromaClient, Collection } from 'chromadb';
import type { DocumentChunk, DocumentChunkStore, DocumentHit } from './document-chunk.js';

const PAGE = 500;

type ChunkMetadata = { userId: string; fileId: string; filename: string; page: number };

/**
 * Passages of users' files in Chroma, apart from the conversation memory: one collection per
 * embedding (vectors of two models never mix), cosine space. Every query carries
 * `where: {userId}`, so another user's files are never candidates. chromadb 3.0.0's client
 * rejects `$and`, so per-file deletes select by file and check the owner here.
 */
export class ChromaDocumentStore implements DocumentChunkStore {
  private collection?: Promise<Collection>;

  constructor(
    private readonly chroma: ChromaClient,
    private readonly embeddings: Embeddings,
    readonly collectionName: string,
  ) {}

  async add(chunks: readonly DocumentChunk[]): Promise<void> {
    if (chunks.length === 0) return;
    const collection = await this.open();
    const vectors = await this.embeddings.embedDocuments(chunks.map((c) => c.text));
    await collection.upsert({
      ids: chunks.map((c) => c.id),
      embeddings: vectors,
      documents: chunks.map((c) => c.text),
      metadatas: chunks.map(
        (c) => ({ userId: c.userId, fileId: c.fileId, filename: c.filename, page: c.page ?? 0 }) satisfies ChunkMetadata,
      ),
    });
  }

  async search(userId: string, query: string, limit: number): Promise<DocumentHit[]> {
    if (limit <= 0 || !query.trim()) return [];
    const collection = await this.open();
    const vector = await this.embeddings.embedQuery(query);
    // HNSW search is approximate, more so under a filter: ask for more candidates than needed, keep the best.
    const result = await collection.query<ChunkMetadata>({
      queryEmbeddings: [vector],
      nResults: Math.max(limit * 4, 20),
      where: { userId },
      include: ['documents', 'metadatas', 'distances'],
    });
    const ids = result.ids[0] ?? [];
    const hits: DocumentHit[] = ids.flatMap((id, i) => {
      const metadata = result.metadatas[0]?.[i];
      const text = result.documents[0]?.[i];
      if (!metadata || text == null || metadata.userId !== userId) return [];
      const score = 1 - (result.distances?.[0]?.[i] ?? 1);
      return [
        {
          id,
          userId,
          fileId: metadata.fileId,
          filename: metadata.filename,
          ...(metadata.page > 0 ? { page: metadata.page } : {}),
          text,
          score,
        },
      ];
    });
    return hits.sort((a, b) => b.score - a.score).slice(0, limit);
  }

  async forgetFile(userId: string, fileId: string): Promise<void> {
    await this.deleteWhere({ fileId }, (m) => m?.userId === userId);
  }

  async eraseUser(userId: string): Promise<void> {
    await this.deleteWhere({ userId }, (m) => m?.userId === userId);
  }

  private async deleteWhere(where: Record<string, string>, owned: (metadata: ChunkMetadata | null | undefined) => boolean): Promise<void> {
    const collection = await this.open();
    for (;;) {
      const page = await collection.get<ChunkMetadata>({ where, include: ['metadatas'], limit: PAGE });
      const ids = page.ids.filter((_, i) => owned(page.metadatas[i]));
      if (ids.length > 0) await collection.delete({ ids });
      if (page.ids.length < PAGE || ids.length === 0) return;
    }
  }

  private open(): Promise<Collection> {
    this.collection ??= this.chroma
      .getOrCreateCollection({
        name: this.collectionName,
        configuration: { hnsw: { space: 'cosine', ef_construction: 200, ef_search: 200 } },
        embeddingFunction: { name: 'tasksensei-documents', generate: (texts: string[]) => this.embeddings.embedDocuments(texts) },
      })
      .catch((error: unknown) => {
        this.collection = undefined;
        throw error;
      });
    return this.collection;
  }
}
