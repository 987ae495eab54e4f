import autocannon from 'autocannon';

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
 * @typedef {object} Measurement
 * @property {number} reqPerSec  mean of autocannon's per-second samples
 * @property {number} p50Ms
 * @property {number} p99Ms
 * @property {number} requests  answered in the measured run
 */

/**
 * Drives `url` with autocannon in this process: a warm-up run, then the measured one.
 * @param {string} url
 * @param {Load} [load]
 * @returns {Promise<Measurement>}
 */
export async function measure(url, load = LOAD) {
  const options = { url, connections: load.connections, pipelining: load.pipelining };
  await run({ ...options, duration: load.warmupSeconds });
  const result = await run({ ...options, duration: load.durationSeconds });
  return {
    reqPerSec: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
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
