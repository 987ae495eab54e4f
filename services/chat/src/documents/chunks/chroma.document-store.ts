import { Document } from '@langchain/core/documents';
import type { Embeddings } from '@langchain/core/embeddings';
import type { ChromaClient, Collection } from 'chromadb';
import { CollectionVectorStore } from '../../memory/chroma.vector-store.js';
import type { DocumentChunk, DocumentChunkStore, DocumentHit } from './document-chunk.js';

const PAGE = 500;

type ChunkMetadata = { userId: string; fileId: string; filename: string; page: number };

/**
 * Passages of users' files in Chroma, apart from the conversation memory: one collection per
 * embedding (vectors of two models never mix), cosine space. Upserts and similarity queries go
 * through LangChain community's Chroma vector store; every query carries `where: {userId}`, so
 * another user's files are never candidates. chromadb 3.0.0's client rejects `$and`, so
 * per-file deletes select by file and check the owner here.
 */
export class ChromaDocumentStore implements DocumentChunkStore {
  private readonly vectors: CollectionVectorStore;

  constructor(
    chroma: ChromaClient,
    embeddings: Embeddings,
    readonly collectionName: string,
  ) {
    this.vectors = new CollectionVectorStore(chroma, embeddings, collectionName, {
      configuration: { hnsw: { space: 'cosine', ef_construction: 200, ef_search: 200 } },
      embeddingFunctionName: 'tasksensei-documents',
    });
  }

  async add(chunks: readonly DocumentChunk[]): Promise<void> {
    await this.vectors.upsert(chunks.map(toDocument));
  }

  async search(userId: string, query: string, limit: number): Promise<DocumentHit[]> {
    if (limit <= 0 || !query.trim()) return [];
    // HNSW search is approximate, more so under a filter: ask for more candidates than needed, keep the best.
    const found = await this.vectors.similaritySearchWithScore(query, Math.max(limit * 4, 20), { userId });
    const hits: DocumentHit[] = found.flatMap(([document, distance]) => {
      const metadata = document.metadata as Partial<ChunkMetadata>;
      if (!document.id || metadata.userId !== userId || typeof metadata.fileId !== 'string') return [];
      return [
        {
          id: document.id,
          userId,
          fileId: metadata.fileId,
          filename: metadata.filename ?? '',
          ...(metadata.page && metadata.page > 0 ? { page: metadata.page } : {}),
          text: document.pageContent,
          score: 1 - distance,
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
    return this.vectors.ensureCollection();
  }
}

function toDocument(chunk: DocumentChunk): Document<ChunkMetadata> {
  const metadata: ChunkMetadata = { userId: chunk.userId, fileId: chunk.fileId, filename: chunk.filename, page: chunk.page ?? 0 };
  return new Document({ id: chunk.id, pageContent: chunk.text, metadata });
}
