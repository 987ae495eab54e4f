import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot, seededRandom } from '@tasksensei/devstack';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { sequentialRow } from './percentiles.mjs';

const PDF_PAGES = 200;
const TEXT_BYTES = 4 * 1024 * 1024;
const DOCUMENTS = 1_000;
const USERS = 10;
const WARMUP = 50;
const QUERIES = 500;
const RESULTS = 4; // DOCUMENTS_RESULTS
const CHUNK = { chunkSize: 800, chunkOverlap: 120 }; // DOCUMENTS_CHUNK_SIZE / _OVERLAP
const BATCH = 256; // passages embedded and stored per step, as the chat service's IndexFileUseCase does

/**
 * The assistant reading files, through the chat service's own compiled code against the stack's
 * Chroma with the offline embedding: indexing throughput (extract, split, embed, store) for a
 * generated PDF (pages/s) and for plain text (MB/s), then retrieval p50/p99 with 1,000 indexed
 * documents over 10 users (`where: {userId}` inside the query), as a reply asks before answering.
 * @param {import('@tasksensei/devstack').Stack} stack
 * @returns {Promise<import('./report.mjs').Section>}
 */
export async function benchDocuments(stack) {
  const dist = (path) => import(pathToFileURL(join(repoRoot, 'services/chat/dist', path)).href);
  const [{ ChromaDocumentStore }, { OfflineEmbeddings }, { createChroma }, { extractText }, { chunkPages }] = await Promise.all([
    dist('documents/chunks/chroma.document-store.js'),
    dist('memory/offline-embeddings.js'),
    dist('memory/chroma.client.js'),
    dist('documents/extract/text-extractor.js'),
    dist('documents/chunks/chunker.js'),
  ]);
  const chromaUrl = `http://127.0.0.1:${stack.ports.chroma}`;
  const embeddings = new OfflineEmbeddings(512);
  const random = seededRandom(18);
  const rows = [];
  const notes = [];

  /** One file read end to end as on `file.uploaded` (the bytes are in memory: S3 is the files bench's). */
  const index = async (store, file, bytes, contentType) => {
    const started = performance.now();
    const document = await extractText(bytes, contentType);
    const extracted = performance.now();
    const chunks = await chunkPages(file, document.pages, CHUNK);
    for (let i = 0; i < chunks.length; i += BATCH) await store.add(chunks.slice(i, i + BATCH));
    return {
      seconds: (performance.now() - started) / 1000,
      extractSeconds: (extracted - started) / 1000,
      chunks: chunks.length,
      pages: document.pages.length,
    };
  };

  const throughputStore = new ChromaDocumentStore(createChroma(chromaUrl), embeddings, 'bench-documents-throughput');
  const pdf = await makePdf(Array.from({ length: PDF_PAGES }, () => paragraph(random, 380)));
  const pdfRun = await index(throughputStore, { userId: 'bench-pdf', fileId: 'bench-pdf', filename: 'bench.pdf' }, pdf, 'application/pdf');
  rows.push(throughputRow(`index a ${PDF_PAGES}-page PDF (pages/s)`, chromaUrl, pdfRun.pages / pdfRun.seconds));
  notes.push(
    `PDF: ${PDF_PAGES} pages (${(pdf.length / 1024).toFixed(0)} KiB, ~380 words a page) read in ${pdfRun.seconds.toFixed(2)} s = ${(pdfRun.pages / pdfRun.seconds).toFixed(1)} pages/s end to end (${pdfRun.chunks} passages); text extraction alone ${(pdfRun.pages / pdfRun.extractSeconds).toFixed(1)} pages/s`,
  );

  const text = new TextEncoder().encode(paragraph(random, Math.round(TEXT_BYTES / 6.5)));
  const textRun = await index(throughputStore, { userId: 'bench-text', fileId: 'bench-text', filename: 'bench.txt' }, text, 'text/plain');
  const mbPerSecond = text.length / 1024 / 1024 / textRun.seconds;
  rows.push(throughputRow('index plain text (KiB/s)', chromaUrl, mbPerSecond * 1024));
  notes.push(
    `text: ${(text.length / 1024 / 1024).toFixed(1)} MiB read in ${textRun.seconds.toFixed(2)} s = ${mbPerSecond.toFixed(2)} MB/s end to end (${textRun.chunks} passages of ${CHUNK.chunkSize} characters)`,
  );

  const store = new ChromaDocumentStore(createChroma(chromaUrl), embeddings, 'bench-documents-retrieval');
  const started = performance.now();
  let passages = 0;
  for (let d = 0; d < DOCUMENTS; d++) {
    const file = { userId: `bench-user-${d % USERS}`, fileId: `bench-doc-${d}`, filename: `doc-${d}.txt` };
    passages += (await index(store, file, new TextEncoder().encode(paragraph(random, 300)), 'text/plain')).chunks;
  }
  notes.push(
    `${DOCUMENTS} documents (~300 words each, ${passages} passages) over ${USERS} users indexed in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  const latencies = [];
  for (let i = 0; i < WARMUP + QUERIES; i++) {
    const userId = `bench-user-${i % USERS}`;
    const t0 = performance.now();
    const hits = await store.search(userId, `what does it say about the ${pick(random)} and the ${pick(random)}?`, RESULTS);
    const elapsed = performance.now() - t0;
    if (hits.some((h) => h.userId !== userId)) throw new Error("document search returned another user's passage");
    if (i >= WARMUP) latencies.push(elapsed);
  }
  rows.push(sequentialRow(`retrieval, ${DOCUMENTS.toLocaleString('en-US')} documents`, chromaUrl, latencies));
  notes.push(
    `${QUERIES} sequential searches after ${WARMUP} warm-up ones, ${RESULTS} passages each; a search = offline embedding of the question + Chroma query filtered by user`,
  );
  notes.push('the indexing rows put throughput in the req/s column; p50/p99 apply to the retrieval row only');
  return { id: 'documents', title: 'Reading files (chat service code, stack Chroma)', rows, notes };
}

function throughputRow(label, url, perSecond) {
  return { label, url, reqPerSec: perSecond, p50Ms: '-', p99Ms: '-', requests: 1, cpuUsPerReq: null, othersCpuShare: null };
}

async function makePdf(pages) {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const text of pages) {
    const page = pdf.addPage([595, 842]);
    let y = 800;
    for (let i = 0; i < text.length && y > 30; i += 95, y -= 12) page.drawText(text.slice(i, i + 95), { x: 30, y, size: 9, font });
  }
  return pdf.save();
}

const WORDS = (
  'invoice client meeting budget report deadline supplier contract payment office team project launch review plan order delivery ' +
  'penalty refund warranty liability termination notice clause party agreement schedule fee interest month year price quote proposal ' +
  'marketing sales hiring interview salary tax bank loan insurance lease warehouse shipment stock holiday policy handbook employee'
).split(' ');
const pick = (random) => WORDS[Math.floor(random() * WORDS.length)];

function paragraph(random, words) {
  const out = [];
  for (let i = 0; i < words; i++) out.push(i % 12 === 11 ? `${pick(random)}.` : pick(random));
  return out.join(' ');
}
