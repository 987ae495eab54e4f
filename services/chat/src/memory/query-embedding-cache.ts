import { Embeddings } from '@langchain/core/embeddings';

/**
 * One embedding of a message for everything a reply looks up with it (memory and the user's
 * files): the wrapped embeddings, with the vectors of the last few queries kept. Documents are
 * never cached; a failed query is forgotten at once.
 */
export class QueryEmbeddingCache extends Embeddings {
  private readonly recent = new Map<string, Promise<number[]>>();

  constructor(
    private readonly inner: Embeddings,
    private readonly size = 64,
  ) {
    super({});
  }

  embedDocuments(documents: string[]): Promise<number[][]> {
    return this.inner.embedDocuments(documents);
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
