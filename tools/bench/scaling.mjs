import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClusterStack } from '@tasksensei/devstack';
import { connectNats, createLogger } from '@tasksensei/platform';
import { firstTokenLatencies, startZeroLatencyModel } from './chat.mjs';
import { BENCH_ENV, LOAD, machineCpuMs } from './load.mjs';
import { acceptRate, consumersIdle } from './membership.mjs';
import { percentiles } from './percentiles.mjs';
import { cpuMeter, stackProcesses } from './processes.mjs';

// BENCH_SCALING_REPLICAS=1,2 runs fewer replica counts; BENCH_SCALING_CONVERSATIONS sets the chat load.
const REPLICAS = (process.env.BENCH_SCALING_REPLICAS ?? '1,2,4').split(',').map(Number);
const CONVERSATIONS = Number(process.env.BENCH_SCALING_CONVERSATIONS ?? 50);
/** Conversations of a chat run dropped before each measured one: new replicas start cold (JIT, pools). */
const WARM_UP_CONVERSATIONS = 10;
/** The services a replica count applies to: chat for replies, billing and users for webhooks. */
const SCALED = ['chat', 'billing', 'users'];

/**
 * Chat and webhook throughput of the cluster (`npm start -- --cluster`: three routed NATS
 * servers, two gateways) at 1, 2 and 4 replicas of the services under load: chat for replies,
 * billing (accepts webhooks) and users (applies membership events) for webhooks. One cluster is
 * started with the most replicas; each count stops or starts replicas to that number, then
 * drives the chat section's load and the membership section's accept load. The other services
 * run one replica each. Figures are what this machine gives: replicas share its cores.
 * @param {{ nodeArgs?: string[] }} [options]
 * @returns {Promise<import('./report.mjs').Section>}
 */
export async function benchScaling({ nodeArgs } = {}) {
  const most = Math.max(...REPLICAS);
  const llm = await startZeroLatencyModel();
  const dataDir = mkdtempSync(join(tmpdir(), 'tasksensei-bench-cluster-'));
  const cluster = await ClusterStack.withFreePorts({
    dataDir,
    logLevel: 'warn',
    env: { ...BENCH_ENV, LLM_BASE_URL: `${llm.url}/v1`, LLM_API_KEY: 'bench', LLM_MODEL: 'zero-latency' },
    replicas: { auth: 1, files: 1, chat: most, billing: most, users: most },
    ...(nodeArgs ? { nodeArgs } : {}),
  });
  const stopCluster = () => cluster.stop().finally(() => cluster.killAll());
  process.once('exit', () => cluster.killAll());
  try {
    process.stderr.write(`scaling: starting the cluster (${cluster.processNames.length} processes)...\n`);
    await cluster.start();
    const secret = readFileSync(join(cluster.dataDir, 'billing', 'stripe-webhook-secret'), 'utf8').trim();
    const ops = await connectNats(cluster.natsUrl, 'bench-scaling-ops', createLogger('bench-scaling', 'silent'), {
      identity: 'ops',
      seedFile: cluster.seedFileOf('ops'),
    });
    try {
      /** @type {Array<{ replicas: number, chat: RunFigures, webhooks: RunFigures & { drainSeconds: number } }>} */
      const runs = [];
      // A freshly started cluster is slower for its first minute (stores, streams, JIT): in trial runs
      // whichever count came first was the slowest, in either order. One discarded pass at the most replicas first.
      process.stderr.write(`scaling: warm-up at ${most} replicas...\n`);
      await chatRun(cluster, most);
      await webhookRun(cluster, secret, ops);
      for (const replicas of REPLICAS) {
        await scaleTo(cluster, replicas);
        process.stderr.write(`scaling: ${replicas} replica(s) of ${SCALED.join(', ')}: chat...\n`);
        const chat = await chatRun(cluster, replicas);
        process.stderr.write(`scaling: ${replicas} replica(s): webhooks...\n`);
        const webhooks = await webhookRun(cluster, secret, ops);
        runs.push({ replicas, chat, webhooks });
      }
      return section(cluster, runs);
    } finally {
      await ops.drain();
    }
  } finally {
    await stopCluster();
    llm.server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Replicas 1..count of each scaled service running, the others stopped. */
async function scaleTo(cluster, count) {
  const names = SCALED.flatMap((service) => cluster.processNames.filter((name) => name.startsWith(`${service}-`)));
  const index = (name) => Number(name.slice(name.lastIndexOf('-') + 1));
  await Promise.all(names.filter((name) => index(name) > count).map((name) => cluster.stopComponent(name)));
  await Promise.all(
    names.filter((name) => index(name) <= count && !cluster.components.has(name)).map((name) => cluster.startProcess(name)),
  );
}

/** Names of the running replicas of a service. */
const replicasOf = (cluster, service) => [...cluster.components.keys()].filter((name) => name.startsWith(`${service}-`));

const natsAndStores = (cluster, stores) => [...cluster.natsNodes.map((node) => node.name), ...stores];

/**
 * @typedef {{ reqPerSec: number, p50Ms: number, p99Ms: number, requests: number,
 *   cpu: import('./processes.mjs').CpuPerOp[], oursCores: number, othersCpuShare: number | null,
 *   loadAverage: number[] }} RunFigures
 */

/** The chat section's load (sockets over both gateways): replies per second and CPU per reply. */
async function chatRun(cluster, replicas) {
  await firstTokenLatencies(cluster, WARM_UP_CONVERSATIONS, cluster.gatewayUrls);
  const processes = stackProcesses(cluster, [
    ...replicasOf(cluster, 'gateway'),
    ...replicasOf(cluster, 'chat'),
    ...natsAndStores(cluster, ['dynamodb', 'chroma']),
  ]);
  const drive = () => firstTokenLatencies(cluster, CONVERSATIONS, cluster.gatewayUrls);
  const { result: samples, cpu, oursCores, othersCpuShare } = await metered(processes, drive, (result) => result.length);
  if (samples.length === 0) throw new Error(`chat at ${replicas} replica(s): every message refused (${samples.refusals.join(', ')})`);
  const { p50Ms, p99Ms } = percentiles(samples, 1);
  const { rate: reqPerSec, refusals } = samples;
  return {
    reqPerSec,
    p50Ms,
    p99Ms,
    requests: samples.length,
    refused: refusals.length,
    cpu,
    oursCores,
    othersCpuShare,
    loadAverage: loadavg(),
  };
}

/**
 * The membership section's accept load on the first gateway (autocannon drives one URL), then
 * how long the users replicas take to apply the membership events it left on the bus.
 */
async function webhookRun(cluster, secret, ops) {
  await consumersIdle(ops);
  const processes = stackProcesses(cluster, [
    'gateway-1',
    ...replicasOf(cluster, 'billing'),
    ...replicasOf(cluster, 'users'),
    ...natsAndStores(cluster, ['dynamodb']),
  ]);
  // acceptRate gives CPU per webhook of its measured run; the cores and others' share here span its warm-up too.
  const drive = () => acceptRate(`${cluster.gatewayUrls[0]}/webhook`, secret, processes);
  const { result: accepted, oursCores, othersCpuShare } = await metered(processes, drive, () => 1);
  const loadAverage = loadavg();
  const drainStarted = performance.now();
  await consumersIdle(ops);
  return { ...accepted, oursCores, othersCpuShare, loadAverage, drainSeconds: (performance.now() - drainStarted) / 1000 };
}

/**
 * Runs `drive`: CPU µs per operation of each process and of this one (`bench`, the load), the
 * cores they kept busy on average, and the share of the machine's CPU others used meanwhile.
 */
async function metered(processes, drive, countOf) {
  const meter = cpuMeter(processes, { self: true });
  const before = machineCpuMs();
  const result = await drive();
  const whole = meter.perOperation(1);
  const after = machineCpuMs();
  return { result, cpu: meter.perOperation(countOf(result)), ...machineShare(before, after, whole) };
}

/** Cores the measured processes kept busy (`whole`: µs each in all) and others' share of the machine's CPU. */
function machineShare(before, after, whole) {
  const total = after.total - before.total;
  if (total <= 0) return { oursCores: 0, othersCpuShare: null };
  const oursMs = whole.reduce((sum, row) => sum + (row.usPerOp ?? 0), 0) / 1000;
  const busyMs = after.busy - before.busy;
  return { oursCores: (oursMs / total) * availableParallelism(), othersCpuShare: Math.max(0, busyMs - oursMs) / total };
}

/** Sum of µs per operation of the processes whose name starts with `prefix`. */
const cpuOf = (cpu, prefix) =>
  cpu.filter((row) => row.name.startsWith(prefix) && row.usPerOp !== null).reduce((sum, row) => sum + row.usPerOp, 0);

/** @returns {import('./report.mjs').Section} */
function section(cluster, runs) {
  const one = runs.find((run) => run.replicas === 1) ?? runs[0];
  const rows = runs.flatMap(({ replicas, chat, webhooks }) => [
    {
      label: `chat x${replicas}: replies (${CONVERSATIONS} convs${chat.refused ? `, ${chat.refused} refused` : ''})`,
      url: `${cluster.gatewayUrls.join(' + ')} /chat`,
      ...chat,
      cpuUsPerReq: cpuOf(chat.cpu, 'chat-'),
    },
    {
      label: `billing+users x${replicas}: webhooks`,
      url: `${cluster.gatewayUrls[0]}/webhook`,
      ...webhooks,
      cpuUsPerReq: cpuOf(webhooks.cpu, 'billing-'),
    },
  ]);
  const ratios = runs
    .filter((run) => run !== one)
    .flatMap(({ replicas, chat, webhooks }) => [
      { label: `chat replies/s x${replicas} / x${one.replicas}`, value: chat.reqPerSec / one.chat.reqPerSec },
      { label: `webhooks/s x${replicas} / x${one.replicas}`, value: webhooks.reqPerSec / one.webhooks.reqPerSec },
    ]);
  const cores = availableParallelism();
  const busy = (figures) =>
    `its processes kept ${figures.oursCores.toFixed(2)} of ${cores} cores busy, others ${Math.round((figures.othersCpuShare ?? 0) * 100)}% ` +
    `of the CPU, load average ${figures.loadAverage.map((l) => l.toFixed(2)).join(' ')}`;
  return {
    id: 'scaling',
    title: `Cluster scaling: replicas of chat / billing+users (${cores} cores)`,
    rows,
    ratios,
    notes: [
      `${cores} cores for everything: 3 NATS servers, 2 gateways, the stores, every replica and the load generator; a replica adds throughput only while a core is idle`,
      `chat: ${CONVERSATIONS} conversations x 5 messages over both gateways after a ${WARM_UP_CONVERSATIONS}-conversation warm-up, zero-latency model; req/s: replies/s, p50/p99: first token; cpu µs/req: all chat replicas per reply`,
      `webhooks: the membership section's accept load (${LOAD.connections} connections, ${LOAD.warmupSeconds} + ${LOAD.durationSeconds} s, 10% repeats) on gateway-1; cpu µs/req: all billing replicas per webhook`,
      `ratios: replies or webhooks per second against ${one.replicas} replica${one.replicas > 1 ? 's' : ''}; refused messages are not replies, and a run with others using the CPU (warnings above) says more about them: compare cpu µs per operation`,
      `one cluster, warmed up by a discarded chat and webhook run at ${Math.max(...REPLICAS)} replicas, then replicas stopped or started between counts, run in the order ${REPLICAS.join(', ')} (BENCH_SCALING_REPLICAS): the stores hold more data at each later count`,
      ...runs.flatMap(({ replicas, chat, webhooks }) => [
        `x${replicas} chat run: ${busy(chat)}${chat.refused ? `; ${chat.refused} messages refused, not counted` : ''}`,
        `x${replicas} webhook run: ${busy(webhooks)}; users µs/webhook ${cpuOf(webhooks.cpu, 'users-')}, backlog applied ${webhooks.drainSeconds.toFixed(1)} s after the load`,
      ]),
    ],
    figures: { cores, conversations: CONVERSATIONS, runs },
  };
}
