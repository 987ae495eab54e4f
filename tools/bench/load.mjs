import { cpus } from 'node:os';
import autocannon from 'autocannon';
import { cpuMeter, processCpuMs } from './processes.mjs';

/**
 * @typedef {object} Load
 * @property {number} connections
 * @property {number} pipelining
 * @property {number} warmupSeconds  driven first and dropped: JIT, connection pools, caches
 * @property {number} durationSeconds  the measured run
 */

/** One setting for every target in a run, so their figures compare. @type {Readonly<Load>} */
export const LOAD = Object.freeze({ connections: 50, pipelining: 1, warmupSeconds: 3, durationSeconds: 10 });

/**
 * Environment of every stack the bench starts. It measures how fast the stack goes, not its edge
 * limits: the per-address webhook and sign-in limits (600 and 60 a minute) would answer most of a
 * load run with 429.
 */
export const BENCH_ENV = Object.freeze({ RATE_LIMIT_WEBHOOK_PER_MINUTE: '100000', RATE_LIMIT_SIGN_IN_PER_MINUTE: '100000' });

/**
 * @typedef {object} Measurement
 * @property {number} reqPerSec  mean of autocannon's per-second samples
 * @property {number} p50Ms  autocannon records whole milliseconds
 * @property {number} p99Ms
 * @property {number} requests  answered in the measured run
 * @property {number | null} cpuUsPerReq  CPU time (user + system) the target process spent per
 *   request: steadier than req/s on a shared machine
 * @property {number | null} othersCpuShare  share of the machine's CPU used during the run by
 *   processes outside the measurement; above a few percent, the figures are skewed
 * @property {import('./processes.mjs').CpuPerOp[]} [cpu]  µs per request of each process in `processes`
 */

/**
 * Drives `url` with autocannon in this process: a warm-up run, then the measured one.
 * CPU figures need Linux's /proc and are null elsewhere.
 * @param {string} url
 * @param {object} [options]
 * @param {number} [options.pid]  the process serving `url`
 * @param {number[]} [options.supportPids]  the processes it relies on (a service, NATS)
 * @param {Load} [options.load]
 * @param {Record<string, string>} [options.headers]  sent with every request (an Authorization header)
 * @param {import('./processes.mjs').Tracked[]} [options.processes]  every process involved, for CPU µs per request each
 * @param {Partial<autocannon.Options>} [options.autocannon]  more autocannon options (requests with a body)
 * @returns {Promise<Measurement>}
 */
export async function measure(url, { pid, supportPids = [], load = LOAD, headers, processes, autocannon: more = {} } = {}) {
  const options = { url, connections: load.connections, pipelining: load.pipelining, ...(headers ? { headers } : {}), ...more };
  await run({ ...options, duration: load.warmupSeconds });
  const meter = processes && cpuMeter(processes);

  const pids = pid ? [pid, ...supportPids] : [];
  const machineBefore = machineCpuMs();
  const pidsBefore = pids.map(processCpuMs);
  const selfBefore = process.cpuUsage();
  const result = await run({ ...options, duration: load.durationSeconds });
  const cpu = meter?.perOperation(result.requests.total);
  const self = process.cpuUsage(selfBefore);
  const pidsUsed = pids.map((p, i) => diff(processCpuMs(p), pidsBefore[i]));
  const machine = machineCpuMs();

  const requests = result.requests.total;
  const targetMs = pidsUsed[0] ?? null;
  const known = pidsUsed.length > 0 && pidsUsed.every((ms) => ms !== null) ? /** @type {number[]} */ (pidsUsed) : null;
  const oursMs = known && known.reduce((a, b) => a + b, 0) + (self.user + self.system) / 1000;
  const othersMs = oursMs === null ? null : Math.max(0, machine.busy - machineBefore.busy - oursMs);
  return {
    reqPerSec: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests,
    cpuUsPerReq: targetMs === null ? null : Math.round((targetMs * 1000) / requests),
    othersCpuShare: othersMs === null ? null : round(othersMs / (machine.total - machineBefore.total), 3),
    ...(cpu ? { cpu } : {}),
  };
}

/**
 * A fast error is not a result: any failed request fails the bench.
 * @param {autocannon.Options} options
 */
async function run(options) {
  const result = await autocannon(options);
  if (result.errors > 0 || result.timeouts > 0 || result.non2xx > 0) {
    throw new Error(
      `${options.url}: ${result.non2xx} non-2xx answers, ${result.errors} errors, ${result.timeouts} timeouts ` +
        `in ${result.requests.total} requests`,
    );
  }
  return result;
}

/** CPU time of all cores so far, in ms: busy, and in total (busy + idle). */
export function machineCpuMs() {
  let busy = 0;
  let total = 0;
  for (const { times } of cpus()) {
    const used = times.user + times.nice + times.sys + times.irq;
    busy += used;
    total += used + times.idle;
  }
  return { busy, total };
}

/** @param {number | null} after @param {number | null} before */
const diff = (after, before) => (after === null || before === null ? null : after - before);
/** @param {number} value @param {number} digits */
const round = (value, digits) => Number(value.toFixed(digits));
