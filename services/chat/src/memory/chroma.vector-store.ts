import { Chroma } from '@langchain/community/vectorstores/chroma';
import type { Document } from '@langchain/core/documents';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import type { ChromaClient, Collection } from 'chromadb';

/** How a collection is created (chromadb 3.0.0 does not export the type by name). */
type CollectionConfiguration = NonNullable<Parameters<ChromaClient['getOrCreateCollection']>[0]['configuration']>;

/**
 * LangChain community's Chroma vector store over a collection this service opens itself: its own
 * `ensureCollection` creates the collection with neither configuration (an L2 space) nor embedding
 * function, so ours gives it cosine space and an embedding function that is ours (Chroma's default
 * would download a model). Upserts and similarity queries (the filter inside Chroma's query) go
 * through the LangChain store; a failed open is retried on the next call.
 */
export class CollectionVectorStore extends Chroma {
  private opening?: Promise<Collection>;

  constructor(
    private readonly chroma: ChromaClient,
    embeddings: EmbeddingsInterface,
    collectionName: string,
    private readonly options: { readonly configuration: CollectionConfiguration; readonly embeddingFunctionName: string },
  ) {
    super(embeddings, { index: chroma, collectionName });
  }

  override ensureCollection(): Promise<Collection> {
    this.opening ??= this.chroma
      .getOrCreateCollection({
        name: this.collectionName,
        configuration: this.options.configuration,
        embeddingFunction: {
          name: this.options.embeddingFunctionName,
          generate: (texts: string[]) => this.embeddings.embedDocuments(texts),
        },
      })
      .catch((error: unknown) => {
        // Chroma down at start: try again on the next call rather than failing forever.
        this.opening = undefined;
        throw error;
      });
    return this.opening;
  }

  /** Upserts the documents under their own ids (each must have one): indexing the same one again replaces it. */
  async upsert(documents: readonly Document[]): Promise<void> {
    if (documents.length === 0) return;
    const ids = documents.map((d) => {
      if (!d.id) throw new Error('a document is upserted under its own id');
      return d.id;
    });
    await this.addDocuments([...documents], { ids });
  }
}
