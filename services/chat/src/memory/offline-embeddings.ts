import { Embeddings } from '@langchain/core/embeddings';
import { GENERIC_WORDS, STOPWORDS, stem, words } from '../text/tokens.js';

/**
 * The offline embedding: hashed word, word-pair and character n-gram features, signed and
 * L2-normalised (the "hashing trick"). Deterministic, instant, nothing downloaded. Each word
 * counts once as itself and once, spread over its character 3- and 4-grams, as its spelling,
 * so a typo or another spelling (`favorite`/`favourite`) still lands close; function words
 * weigh little so "my X" does not pull every fact about "my".
 */
export class OfflineEmbeddings extends Embeddings {
  constructor(readonly dimensions = 512) {
    super({});
  }

  /** Names the vector space, so vectors of another embedding never share a collection. */
  get id(): string {
    return `offline-v1-${this.dimensions}`;
  }

  embedDocuments(documents: string[]): Promise<number[][]> {
    return Promise.resolve(documents.map((d) => this.embed(d)));
  }

  embedQuery(document: string): Promise<number[]> {
    return Promise.resolve(this.embed(document));
  }

  embed(text: string): number[] {
    const vector = new Float64Array(this.dimensions);
    const add = (feature: string, weight: number) => {
      const hash = fnv1a(feature);
      vector[hash % this.dimensions]! += hash & 0x80000000 ? -weight : weight;
    };
    const tokens = words(text);
    const stems = tokens.map(stem);
    stems.forEach((s, i) => {
      const w = tokens[i]!;
      const weight = STOPWORDS.has(w) ? 0.15 : GENERIC_WORDS.has(w) ? 0.4 : 1;
      add(`w:${s}`, weight);
      const padded = `<${s}>`;
      const grams: string[] = [];
      for (const n of [3, 4]) for (let k = 0; k + n <= padded.length; k++) grams.push(padded.slice(k, k + n));
      for (const gram of grams) add(`c:${gram}`, weight / Math.sqrt(grams.length));
    });
    const content = stems.filter((_, i) => !STOPWORDS.has(tokens[i]!));
    for (let i = 0; i + 1 < content.length; i++) add(`b:${content[i]}_${content[i + 1]}`, 0.5);

    let norm = 0;
    for (const value of vector) norm += value * value;
    // An empty text still gets a valid unit vector (cosine distance would be NaN otherwise).
    if (norm === 0) {
      vector[0] = 1;
      norm = 1;
    }
    const scale = 1 / Math.sqrt(norm);
    return Array.from(vector, (value) => value * scale);
  }
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
