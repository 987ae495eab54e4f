/**
 * Latency figures of a set of samples (milliseconds), as every section prints them: the
 * nearest-rank percentile of the sorted samples, rounded to `digits` decimals.
 * @param {number[]} samples  in any order; not modified
 * @param {number} [digits]
 * @returns {{ p50Ms: number, p99Ms: number, meanMs: number, at: (q: number) => number }}
 */
export function percentiles(samples, digits = 2) {
  if (samples.length === 0) throw new Error('no samples to take percentiles of');
  const sorted = [...samples].sort((a, b) => a - b);
  const scale = 10 ** digits;
  const at = (q) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] * scale) / scale;
  const meanMs = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  return { p50Ms: at(0.5), p99Ms: at(0.99), meanMs, at };
}

/**
 * A report row for sequential requests timed one by one (the Chroma sections): req/s from their
 * mean latency, p50 and p99 from their samples, one request a sample.
 * @param {string} label
 * @param {string} url
 * @param {number[]} latencies  milliseconds, warm-up requests left out
 */
export function sequentialRow(label, url, latencies) {
  const { p50Ms, p99Ms, meanMs } = percentiles(latencies);
  return { label, url, reqPerSec: 1000 / meanMs, p50Ms, p99Ms, requests: latencies.length, cpuUsPerReq: null, othersCpuShare: null };
}
