import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot, seededRandom } from '@tasksensei/devstack';
import { sequentialRow } from './percentiles.mjs';

const STORED = 10_000;
const WARMUP = 50;
const QUERIES = 500;
const BATCH = 500;
const RESULTS = 18; // what a reply asks for: CHAT_MEMORY_RESULTS (6) + CHAT_RECENT_MESSAGES (12)

/**
 * Memory retrieval as a reply does it, through the chat service's own compiled code: embed the
 * message with the offline embedding, then query the stack's Chroma for that user's nearest
 * messages (`where: {userId}` inside the query). 10,000 stored messages, two layouts: all of them
 * one user's (the filter keeps every candidate), and spread over 100 users (the filter keeps 1%).
 * Queries run one after the other, as replies do; each is timed alone.
 * @param {import('@tasksensei/devstack').Stack} stack
 * @returns {Promise<import('./report.mjs').Section>}
 */
export async function benchMemory(stack) {
  const dist = (path) => import(pathToFileURL(join(repoRoot, 'services/chat/dist', path)).href);
  const [{ ChromaMemoryStore }, { OfflineEmbeddings }, { createChroma }] = await Promise.all([
    dist('memory/chroma.memory-store.js'),
    dist('memory/offline-embeddings.js'),
    dist('memory/chroma.client.js'),
  ]);
  const chromaUrl = `http://127.0.0.1:${stack.ports.chroma}`;
  const embeddings = new OfflineEmbeddings(512);
  const rows = [];
  const notes = [];
  for (const layout of [
    { label: '10,000 messages, one user', users: 1 },
    { label: '10,000 messages over 100 users', users: 100 },
  ]) {
    const store = new ChromaMemoryStore(createChroma(chromaUrl), embeddings, `bench-memory-${layout.users}`);
    const random = seededRandom(layout.users);
    const entries = Array.from({ length: STORED }, (_, i) => ({
      id: `bench-${layout.users}-${i}`,
      userId: `bench-user-${i % layout.users}`,
      conversationId: `bench-conversation-${i % (layout.users * 20)}`,
      role: i % 2 ? 'assistant' : 'user',
      text: sentence(random),
      createdAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
    }));
    const started = performance.now();
    for (let i = 0; i < entries.length; i += BATCH) await store.remember(entries.slice(i, i + BATCH));
    notes.push(
      `${layout.label}: stored in ${((performance.now() - started) / 1000).toFixed(1)} s (embedding + upsert, batches of ${BATCH})`,
    );

    const latencies = [];
    for (let i = 0; i < WARMUP + QUERIES; i++) {
      const userId = `bench-user-${i % layout.users}`;
      const query = sentence(random);
      const t0 = performance.now();
      const hits = await store.search(userId, query, RESULTS);
      const elapsed = performance.now() - t0;
      if (hits.some((h) => h.userId !== userId)) throw new Error("memory search returned another user's message");
      if (i >= WARMUP) latencies.push(elapsed);
    }
    rows.push(sequentialRow(layout.label, chromaUrl, latencies));
  }
  notes.push(
    `${QUERIES} sequential searches per row after ${WARMUP} warm-up ones, ${RESULTS} results each; a search = offline embedding of the message + Chroma query filtered by user`,
  );
  return { id: 'memory', title: 'Memory retrieval (chat service code, stack Chroma)', rows, notes };
}

const WORDS = (
  'invoice client meeting budget report deadline supplier contract payment office team project launch review plan order delivery ' +
  'dog cat car house garden holiday flight hotel dentist doctor school lunch dinner coffee weekend birthday gift password code ' +
  'marketing sales hiring interview salary tax bank loan insurance lease warehouse shipment stock price quote proposal slides'
).split(' ');
const FRAMES = [
  'remind me to check the {0} and the {1}',
  'my {0} is called {1}',
  'the {0} for the {1} is due next week',
  'add a task to send the {0} to the {1}',
  'what did I say about the {0}?',
  'we moved the {0} meeting to discuss the {1}',
  'the {0} costs more than the {1} this month',
];

function sentence(random) {
  const pick = () => WORDS[Math.floor(random() * WORDS.length)];
  return FRAMES[Math.floor(random() * FRAMES.length)].replace('{0}', pick()).replace('{1}', pick());
}
