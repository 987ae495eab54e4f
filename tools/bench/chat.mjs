import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { once } from 'node:events';
import { io } from 'socket.io-client';
import { issueAccessToken } from './tokens.mjs';

const CONCURRENCY = [1, 50, 200];
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
  try {
    const rows = [];
    for (const conversations of CONCURRENCY) {
      const samples = await firstTokenLatencies(stack, conversations);
      rows.push({
        label: `${conversations} concurrent conversation${conversations > 1 ? 's' : ''} (${samples.length} replies)`,
        url: `${stack.gatewayUrl}/chat`,
        reqPerSec: samples.rate,
        p50Ms: round(quantile(samples, 0.5)),
        p99Ms: round(quantile(samples, 0.99)),
        requests: samples.length,
        cpuUsPerReq: null,
        othersCpuShare: null,
      });
    }
    const sockets = await idleSocketCost(stack);
    return {
      id: 'chat',
      title: 'Chat: sendMessage -> first message.token (zero-latency model)',
      rows,
      notes: [
        'req/s column: replies completed per second; p50/p99: sendMessage to the first streamed token',
        `${sockets.count} idle authenticated sockets held by one gateway process: +${sockets.rssMiB.toFixed(1)} MiB RSS, ${sockets.kibPerSocket.toFixed(1)} KiB per socket`,
      ],
      figures: { sockets },
    };
  } finally {
    await stack.stopComponent('chat');
    await stack.startService('chat');
    llm.server.close();
  }
}

async function firstTokenLatencies(stack, conversations) {
  const clients = await Promise.all(Array.from({ length: conversations }, async () => connect(stack, await issueAccessToken(stack, `bench-${randomUUID()}`))));
  const samples = [];
  const started = performance.now();
  try {
    await Promise.all(
      clients.map(async (socket) => {
        let conversationId;
        for (let round = 0; round < ROUNDS; round++) {
          const firstToken = once(socket, 'message.token');
          const completed = once(socket, 'message.completed');
          const sent = performance.now();
          const ack = await socket.timeout(30_000).emitWithAck('sendMessage', { text: `Hello number ${round}`, clientMessageId: randomUUID(), ...(conversationId ? { conversationId } : {}) });
          if (ack.error) throw new Error(`sendMessage refused: ${JSON.stringify(ack.error)}`);
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
  samples.sort((a, b) => a - b);
  samples.rate = samples.length / ((performance.now() - started) / 1000);
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

function connect(stack, token) {
  const socket = io(`${stack.gatewayUrl}/chat`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** An OpenAI-compatible endpoint that streams a three-chunk answer at once, no tool calls. */
async function startZeroLatencyModel() {
  const chunk = (delta, finish = null) =>
    `data: ${JSON.stringify({ id: 'bench', object: 'chat.completion.chunk', created: 0, model: 'zero-latency', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  const server = createServer((req, res) => {
    req.resume();
    if (!req.url?.endsWith('/chat/completions')) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.end(chunk({ role: 'assistant', content: 'Hello' }) + chunk({ content: ' from the' }) + chunk({ content: ' bench.' }) + chunk({}, 'stop') + 'data: [DONE]\n\n');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, url: `http://127.0.0.1:${server.address().port}` };
}

function rssKiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const round = (ms) => Math.round(ms * 10) / 10;
