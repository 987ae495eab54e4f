import { Embeddings } from '@langchain/core/embeddings';

export interface QueryEmbeddingCacheOptions {
  /** Queries kept (the newest). */
  readonly size?: number;
  /**
   * The wrapped embeddings give a text the same vector as a query and as a document (the offline
   * embedding, OpenAI's models): a document whose text was just looked up reuses that vector. A
   * model that embeds queries differently (an instruction prefix, query expansion) must say false.
   */
  readonly symmetric?: boolean;
}

/**
 * One embedding of a message for everything a reply does with it (memory and the user's files
 * looked up, then the message remembered): the wrapped embeddings, with the vectors of the last
 * few queries kept. Documents are never cached; a failed query is forgotten at once.
 */
export class QueryEmbeddingCache extends Embeddings {
  private readonly recent = new Map<string, Promise<number[]>>();
  private readonly size: number;
  private readonly symmetric: boolean;

  constructor(
    private readonly inner: Embeddings,
    { size = 512, symmetric = false }: QueryEmbeddingCacheOptions = {},
  ) {
    super({});
    this.size = size;
    this.symmetric = symmetric;
  }

  async embedDocuments(documents: string[]): Promise<number[][]> {
    if (!this.symmetric) return this.inner.embedDocuments(documents);
    const known = await Promise.all(documents.map((d) => this.recent.get(d)?.catch(() => undefined)));
    const missing = documents.filter((_, i) => !known[i]);
    if (missing.length === 0) return known as number[][];
    const embedded = await this.inner.embedDocuments(missing);
    let next = 0;
    return known.map((vector) => vector ?? embedded[next++]!);
  }

  embedQuery(text: string): Promise<number[]> {
    const cached = this.recent.get(text);
    if (cached) return cached;
    const vector = this.inner.embedQuery(text);
    this.recent.set(text, vector);
    void vector.catch(() => this.recent.delete(text));
    if (this.recent.size > this.size) this.recent.delete(this.recent.keys().next().value!);
    return vector;
  }
}
