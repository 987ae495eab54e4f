import { fork } from 'node:child_process';
import { once } from 'node:events';
import { isDeepStrictEqual } from 'node:util';
import { measure } from './load.mjs';

/** The gateway should keep at least this share of the baseline's throughput. */
const TARGET_RATIO = 0.9;

/**
 * GET /plans is one NATS round trip to billing. The baseline makes the same request from bare
 * node:http, so the ratio isolates what the gateway adds on top (Nest, Fastify, hooks, metrics).
 * @param {import('@tasksensei/devstack').Stack} stack
 * @returns {Promise<import('./report.mjs').Section>}
 */
export async function benchPlans(stack) {
  const baseline = await startBaseline(stack.natsUrl, stack.seedFileOf('gateway'));
  try {
    const targets = [
      { label: 'baseline node:http + NATS', url: `${baseline.url}/plans`, pid: baseline.pid },
      { label: 'gateway (NestJS + Fastify)', url: `${stack.gatewayUrl}/plans`, pid: stack.components.get('gateway')?.pid },
    ];
    const supportPids = ['billing', 'nats'].flatMap((name) => stack.components.get(name)?.pid ?? []);
    await assertSameAnswer(targets.map((t) => t.url));
    // One after the other, never together: they share the cores with billing, NATS and autocannon.
    const rows = [];
    for (const { label, url, pid } of targets) rows.push({ label, url, ...(await measure(url, { pid, supportPids })) });
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
 */
async function assertSameAnswer(urls) {
  const bodies = await Promise.all(
    urls.map(async (url) => {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`${url} answered ${response.status}`);
      return response.json();
    }),
  );
  if (!bodies.every((body) => isDeepStrictEqual(body, bodies[0]))) {
    throw new Error(`the baseline and the gateway answer different bodies: ${urls.join(' vs ')}`);
  }
}

/**
 * Forks baseline-server.mjs with the gateway's node flags and waits for its port.
 * @param {string} natsUrl
 * @param {string} seedFile the gateway's NATS nkey seed
 */
async function startBaseline(natsUrl, seedFile) {
  const child = fork(new URL('./baseline-server.mjs', import.meta.url), {
    execArgv: ['--enable-source-maps'],
    env: { ...process.env, NATS_URL: natsUrl, NATS_NKEY_SEED_FILE: seedFile },
  });
  const exited = once(child, 'exit');
  /** @type {{ port: number }} */
  const message = await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the baseline server exited with code ${code} before listening`)));
  });
  return {
    url: `http://127.0.0.1:${message.port}`,
    pid: child.pid,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      child.disconnect();
      await exited;
      clearTimeout(timer);
    },
  };
}
