import { isDeepStrictEqual } from 'node:util';
import { startBaseline } from './baseline.mjs';
import { measure } from './load.mjs';
import { stackProcesses } from './processes.mjs';

/** The gateway should keep at least this share of the baseline's throughput. */
const TARGET_RATIO = 0.9;

/**
 * GET /plans is one NATS round trip to billing. The baseline makes the same request from bare
 * node:http, so the ratio isolates what the gateway adds on top (Nest, Fastify, hooks, metrics).
 * @param {import('@tasksensei/devstack').Stack} stack
 * @returns {Promise<import('./report.mjs').Section>}
 */
export async function benchPlans(stack) {
  const baseline = await startBaseline(stack);
  try {
    const targets = [
      { label: 'baseline node:http + NATS', url: `${baseline.url}/plans`, pid: baseline.pid },
      { label: 'gateway (NestJS + Fastify)', url: `${stack.gatewayUrl}/plans`, pid: stack.components.get('gateway')?.pid },
    ];
    const supportPids = ['billing', 'nats'].flatMap((name) => stack.components.get(name)?.pid ?? []);
    await assertSameAnswer(targets.map((t) => t.url));
    // One after the other, never together: they share the cores with billing, NATS and autocannon.
    const rows = [];
    const processes = (pid) => [
      ...(pid === baseline.pid ? [{ name: 'baseline', pid }] : []),
      ...stackProcesses(stack, ['gateway', 'billing', 'nats']),
    ];
    for (const { label, url, pid } of targets)
      rows.push({ label, url, ...(await measure(url, { pid, supportPids, processes: processes(pid) })) });
    const [base, gateway] = rows;
    return {
      id: 'plans',
      title: 'GET /plans (NATS round trip to billing)',
      rows,
      ratio: { label: 'ratio gateway/baseline (req/s)', value: gateway.reqPerSec / base.reqPerSec, target: TARGET_RATIO },
      notes: ['baseline first, then the gateway, each after its own warm-up'],
    };
  } finally {
    await baseline.stop();
  }
}

/**
 * Both must answer the same body, or the comparison measures different work.
 * @param {string[]} urls
 * @param {Record<string, string>} [headers]
 */
export async function assertSameAnswer(urls, headers = {}) {
  const bodies = await Promise.all(
    urls.map(async (url) => {
      const response = await fetch(url, { headers });
      if (!response.ok) throw new Error(`${url} answered ${response.status}`);
      return response.json();
    }),
  );
  if (!bodies.every((body) => isDeepStrictEqual(body, bodies[0]))) {
    throw new Error(`the baseline and the gateway answer different bodies: ${urls.join(' vs ')}`);
  }
}
