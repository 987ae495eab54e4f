import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { once } from 'node:events';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createDynamo } from '@tasksensei/platform';
import { repoRoot } from '@tasksensei/devstack';
import { io } from 'socket.io-client';
import { percentiles } from './percentiles.mjs';
import { issueAccessToken } from './tokens.mjs';

// BENCH_CHAT_CONVERSATIONS=1,50 runs fewer levels (1 and 50 are the goals' figures).
const CONCURRENCY = (process.env.BENCH_CHAT_CONVERSATIONS ?? '1,50,200').split(',').map(Number);
/** Issue 16's goals at 50 conversations: throughput against the store baseline, first token against one conversation. */
const GOAL_AT = 50;
const THROUGHPUT_GOAL = 0.5;
const FIRST_TOKEN_GOAL = 3;
const ROUNDS = 5;
const IDLE_SOCKETS = 1_000;

/**
 * Platform overhead to the first token: sendMessage on the socket to the first `message.token`,
 * with the chat service pointed at a zero-latency scripted OpenAI-compatible model (so what is
 * measured is gateway, NATS, chat service, DynamoDB and Chroma, not a model). Then how many idle
 * sockets one gateway process holds and what each costs in memory.
 * @param {import('@tasksensei/devstack').Stack} stack
 * @returns {Promise<import('./report.mjs').Section>}
 */
export async function benchChat(stack) {
  const llm = await startZeroLatencyModel();
  await stack.stopComponent('chat');
  await stack.startService('chat', { LLM_BASE_URL: `${llm.url}/v1`, LLM_API_KEY: 'bench', LLM_MODEL: 'zero-latency' });
  const baseline = await storeBaseline(stack);
  try {
    const rows = [];
    /** @type {Array<{ conversations: number, chat: Figures, baseline: Figures }>} */
    const runs = [];
    const notes = [];
    for (const conversations of CONCURRENCY) {
      // Back to back at the same concurrency: the chat service, then the bare store operations.
      process.stderr.write(`chat: ${conversations} conversation(s)...\n`);
      const chat = figures(await firstTokenLatencies(stack, conversations));
      const bare = figures(await baseline.run(conversations));
      // Against the baseline of the same moment: what neighbours on a shared machine cost both alike.
      notes.push(
        `${conversations} conversation${conversations > 1 ? 's' : ''}: throughput ${(chat.reqPerSec / bare.reqPerSec).toFixed(2)} of the baseline's, first-token p50 ${(chat.p50Ms / bare.p50Ms).toFixed(1)}x the baseline's`,
      );
      if (chat.refused > 0)
        notes.push(`${conversations} conversations: ${chat.refused} messages refused (${chat.refusals.join(', ')}), not counted`);
      runs.push({ conversations, chat, baseline: bare });
      const plural = conversations > 1 ? 's' : '';
      rows.push(row(`${conversations} conversation${plural}: chat (${chat.requests} replies)`, `${stack.gatewayUrl}/chat`, chat));
      rows.push(row(`${conversations} conversation${plural}: store baseline`, baseline.url, bare));
    }
    const one = runs.find((r) => r.conversations === 1);
    const many = runs.find((r) => r.conversations === GOAL_AT);
    const ratios = [
      ...(many
        ? [
            {
              label: `throughput at ${GOAL_AT} / store baseline`,
              value: many.chat.reqPerSec / many.baseline.reqPerSec,
              target: THROUGHPUT_GOAL,
            },
          ]
        : []),
      ...(many && one
        ? [
            {
              label: `first-token p50 at ${GOAL_AT} / at 1`,
              value: many.chat.p50Ms / one.chat.p50Ms,
              target: FIRST_TOKEN_GOAL,
              atMost: true,
            },
          ]
        : []),
    ];
    const sockets = await idleSocketCost(stack);
    notes.push(
      `${sockets.count} idle authenticated sockets held by one gateway process: +${sockets.rssMiB.toFixed(1)} MiB RSS, ${sockets.kibPerSocket.toFixed(1)} KiB per socket`,
    );
    return {
      id: 'chat',
      title: 'Chat: sendMessage -> first message.token (zero-latency model)',
      rows,
      ratios,
      notes: [
        'req/s column: replies completed per second; p50/p99: sendMessage to the first streamed token',
        `store baseline: per reply, ${baseline.describe}; p50/p99 to the end of the memory query (what precedes a first token), req/s: sets completed`,
        ...notes,
      ],
      figures: { sockets, runs },
    };
  } finally {
    await stack.stopComponent('chat');
    await stack.startService('chat');
    llm.server.close();
    baseline.close();
  }
}

/**
 * @typedef {{ reqPerSec: number, p50Ms: number, p99Ms: number, requests: number }} Figures
 * @param {number[] & { rate: number }} samples
 * @returns {Figures}
 */
function figures(samples) {
  const refusals = samples.refusals ?? [];
  // Every message refused (an overloaded machine): no latency to speak of.
  const { p50Ms, p99Ms } = samples.length > 0 ? percentiles(samples, 1) : { p50Ms: NaN, p99Ms: NaN };
  return { reqPerSec: samples.rate, p50Ms, p99Ms, requests: samples.length, refused: refusals.length, refusals: [...new Set(refusals)] };
}

/** A table row; the CPU columns are filled by whoever measures CPU (null: not measured). */
function row(label, url, { reqPerSec, p50Ms, p99Ms, requests }) {
  return { label, url, reqPerSec, p50Ms, p99Ms, requests, cpuUsPerReq: null, othersCpuShare: null };
}

/**
 * What a reply cannot do without, with the chat service's own compiled store code on the same
 * stores, at the same concurrency and rounds as the chat run: store the user's message (one
 * DynamoDB put), recall (offline embedding + one Chroma query filtered by user), then remember
 * it (one Chroma upsert). Nothing else: no claim, no lease, no model, no NATS.
 * @param {import('@tasksensei/devstack').Stack} stack
 */
async function storeBaseline(stack) {
  const dist = (path) => import(pathToFileURL(join(repoRoot, 'services/chat/dist', path)).href);
  const [{ DynamoMessageRepository }, { ChromaMemoryStore }, { OfflineEmbeddings }, { createChroma }] = await Promise.all([
    dist('conversations/message.repository.js'),
    dist('memory/chroma.memory-store.js'),
    dist('memory/offline-embeddings.js'),
    dist('memory/chroma.client.js'),
  ]);
  // dynalite takes any key; the SDK wants one.
  process.env.AWS_ACCESS_KEY_ID ??= 'bench';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'bench';
  const dynamo = createDynamo({
    AWS_REGION: 'us-east-1',
    DYNAMODB_ENDPOINT: `http://127.0.0.1:${stack.ports.dynamodb}`,
    DYNAMODB_TABLE_PREFIX: 'tasksensei-',
  });
  const messages = new DynamoMessageRepository(dynamo);
  const memory = new ChromaMemoryStore(
    createChroma(`http://127.0.0.1:${stack.ports.chroma}`),
    new OfflineEmbeddings(512),
    'bench-chat-baseline',
  );
  const results = 18; // CHAT_MEMORY_RESULTS + CHAT_RECENT_MESSAGES, as a reply asks
  return {
    url: `dynamodb :${stack.ports.dynamodb} + chroma :${stack.ports.chroma}`,
    describe: `1 DynamoDB put, 1 Chroma query (${results} results), 1 Chroma upsert (the message and its reply)`,
    close: () => dynamo.client.destroy(),
    /** @param {number} conversations */
    async run(conversations) {
      const samples = [];
      const started = performance.now();
      await Promise.all(
        Array.from({ length: conversations }, async (_, c) => {
          const userId = `bench-baseline-${randomUUID()}`;
          const conversationId = `c_bench${c}${randomUUID().slice(0, 8)}`;
          for (let round = 0; round < ROUNDS; round++) {
            const text = `Hello number ${round}`;
            const createdAt = new Date().toISOString();
            const messageId = `m_bench${randomUUID().replaceAll('-', '')}`;
            const sent = performance.now();
            await messages.put({ conversationId, position: `${createdAt}#${messageId}`, messageId, userId, role: 'user', text, createdAt });
            await memory.search(userId, text, results);
            samples.push(performance.now() - sent);
            // The message and its reply, in one upsert.
            await memory.remember([
              { id: messageId, userId, conversationId, role: 'user', text, createdAt },
              { id: `${messageId}r`, userId, conversationId, role: 'assistant', text: 'Hello from the bench.', createdAt },
            ]);
          }
        }),
      );
      samples.rate = samples.length / ((performance.now() - started) / 1000);
      return samples;
    },
  };
}

/**
 * `conversations` sockets, each sending ROUNDS messages one after another; the samples are
 * sendMessage to first token (ms), with `rate` (replies a second) and `refusals` attached.
 * @param {import('@tasksensei/devstack').Stack} stack
 * @param {number} conversations
 * @param {string[]} [gatewayUrls]  sockets spread over these gateways in turn (a cluster's)
 */
export async function firstTokenLatencies(stack, conversations, gatewayUrls = [stack.gatewayUrl]) {
  const clients = await Promise.all(
    Array.from({ length: conversations }, async (_, i) =>
      connect(stack, await issueAccessToken(stack, `bench-${randomUUID()}`), gatewayUrls[i % gatewayUrls.length]),
    ),
  );
  const samples = [];
  const refusals = [];
  const started = performance.now();
  try {
    await Promise.all(
      clients.map(async (socket) => {
        let conversationId;
        for (let round = 0; round < ROUNDS; round++) {
          const firstToken = once(socket, 'message.token');
          const completed = once(socket, 'message.completed');
          const sent = performance.now();
          const ack = await socket.timeout(30_000).emitWithAck('sendMessage', {
            text: `Hello number ${round}`,
            clientMessageId: randomUUID(),
            ...(conversationId ? { conversationId } : {}),
          });
          if (ack.error) {
            // Overload shows as refusals (the gateway's request to chat timing out): counted, not fatal.
            refusals.push(`${ack.error.code}: ${ack.error.message}`);
            firstToken.catch(() => undefined);
            completed.catch(() => undefined);
            continue;
          }
          conversationId = ack.conversationId;
          await firstToken;
          samples.push(performance.now() - sent);
          await completed;
        }
      }),
    );
  } finally {
    clients.forEach((socket) => socket.disconnect());
  }
  samples.rate = samples.length / ((performance.now() - started) / 1000);
  samples.refusals = refusals;
  return samples;
}

async function idleSocketCost(stack) {
  const pid = stack.components.get('gateway')?.pid;
  const tokens = await Promise.all(Array.from({ length: 100 }, () => issueAccessToken(stack, `idle-${randomUUID()}`)));
  global.gc?.();
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const before = rssKiB(pid);
  const sockets = [];
  for (let i = 0; i < IDLE_SOCKETS; i += 50) {
    sockets.push(...(await Promise.all(Array.from({ length: 50 }, (_, j) => connect(stack, tokens[(i + j) % tokens.length])))));
  }
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const after = rssKiB(pid);
  sockets.forEach((socket) => socket.disconnect());
  return { count: sockets.length, rssMiB: (after - before) / 1024, kibPerSocket: (after - before) / sockets.length };
}

function connect(stack, token, gatewayUrl = stack.gatewayUrl) {
  const socket = io(`${gatewayUrl}/chat`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** An OpenAI-compatible endpoint that streams a three-chunk answer at once, no tool calls. */
export async function startZeroLatencyModel() {
  const chunk = (delta, finish = null) =>
    `data: ${JSON.stringify({ id: 'bench', object: 'chat.completion.chunk', created: 0, model: 'zero-latency', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  const server = createServer((req, res) => {
    req.resume();
    if (!req.url?.endsWith('/chat/completions')) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.end(
      chunk({ role: 'assistant', content: 'Hello' }) +
        chunk({ content: ' from the' }) +
        chunk({ content: ' bench.' }) +
        chunk({}, 'stop') +
        'data: [DONE]\n\n',
    );
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, url: `http://127.0.0.1:${server.address().port}` };
}

function rssKiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}
