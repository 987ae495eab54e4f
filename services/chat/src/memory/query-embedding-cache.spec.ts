import { Embeddings } from '@langchain/core/embeddings';
import { QueryEmbeddingCache } from './query-embedding-cache.js';

class Counting extends Embeddings {
  queries: string[] = [];
  documents: string[][] = [];
  fail = false;
  constructor() {
    super({});
  }
  embedDocuments(documents: string[]) {
    this.documents.push(documents);
    return Promise.resolve(documents.map((d) => [d.length]));
  }
  embedQuery(text: string) {
    this.queries.push(text);
    return this.fail ? Promise.reject(new Error('down')) : Promise.resolve([text.length]);
  }
}

describe('one embedding per message for memory and files', () => {
  it('embeds a repeated query once, and a failed one again', async () => {
    const inner = new Counting();
    const cache = new QueryEmbeddingCache(inner, { size: 2 });
    expect(await cache.embedQuery('hello')).toEqual([5]);
    expect(await cache.embedQuery('hello')).toEqual([5]);
    expect(inner.queries).toEqual(['hello']);
    await cache.embedQuery('a');
    await cache.embedQuery('b');
    await cache.embedQuery('hello'); // pushed out by two newer ones
    expect(inner.queries).toEqual(['hello', 'a', 'b', 'hello']);
    inner.fail = true;
    await expect(cache.embedQuery('x')).rejects.toThrow('down');
    inner.fail = false;
    expect(await cache.embedQuery('x')).toEqual([1]);
  });

  it('reuses a looked-up vector for the same text written as a document, and embeds only the rest', async () => {
    const inner = new Counting();
    const cache = new QueryEmbeddingCache(inner, { symmetric: true });
    await cache.embedQuery('remember the dentist');
    expect(await cache.embedDocuments(['remember the dentist', 'ok'])).toEqual([[20], [2]]);
    expect(inner.queries).toEqual(['remember the dentist']);
    expect(inner.documents).toEqual([['ok']]);
    expect(await cache.embedDocuments(['remember the dentist'])).toEqual([[20]]);
    expect(inner.documents).toEqual([['ok']]);
  });

  it('embeds documents itself when queries are embedded differently, or the query failed', async () => {
    const inner = new Counting();
    const asymmetric = new QueryEmbeddingCache(inner);
    await asymmetric.embedQuery('hello');
    await asymmetric.embedDocuments(['hello']);
    expect(inner.documents).toEqual([['hello']]);
    const symmetric = new QueryEmbeddingCache(inner, { symmetric: true });
    inner.fail = true;
    const failed = symmetric.embedQuery('down');
    expect(await symmetric.embedDocuments(['down'])).toEqual([[4]]);
    await expect(failed).rejects.toThrow('down');
  });
});
