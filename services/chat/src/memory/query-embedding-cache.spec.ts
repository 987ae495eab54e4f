import { Embeddings } from '@langchain/core/embeddings';
import { QueryEmbeddingCache } from './query-embedding-cache.js';

class Counting extends Embeddings {
  queries: string[] = [];
  fail = false;
  constructor() {
    super({});
  }
  embedDocuments(documents: string[]) {
    return Promise.resolve(documents.map(() => [1]));
  }
  embedQuery(text: string) {
    this.queries.push(text);
    return this.fail ? Promise.reject(new Error('down')) : Promise.resolve([text.length]);
  }
}

describe('one embedding per message for memory and files', () => {
  it('embeds a repeated query once, and a failed one again', async () => {
    const inner = new Counting();
    const cache = new QueryEmbeddingCache(inner, 2);
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
});
