import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Stack, freePorts } from '@tasksensei/devstack';
import autocannon from 'autocannon';
import { fork } from 'node:child_process';
import { once } from 'node:events';
const dataDir = mkdtempSync(join(tmpdir(), 'tasksensei-bench-'));
const stack = new Stack({ dataDir, ports: await freePorts(), logLevel: 'warn' });
process.on('exit', () => stack.killAll());
try {
  await stack.start();
  const child = fork(new URL('./baseline-server.mjs', import.meta.url), { execArgv: ['--enable-source-maps'], env: { ...process.env, NATS_URL: stack.natsUrl } });
  const [m] = await once(child, 'message');
  const b = `http://127.0.0.1:${m.port}/plans`, g = `${stack.gatewayUrl}/plans`;
  console.log('baseline pid', child.pid, 'gateway pid', stack.components.get('gateway').pid);
  for (const [name, url] of [['b', b], ['g', g], ['b', b], ['g', g], ['b', b]]) {
    const r = await autocannon({ url, connections: 50, duration: 5 });
    console.log(name, r.requests.average, r.latency.p50, r.latency.p99, r.non2xx, r.errors);
  }
  child.disconnect();
} finally { await stack.stop(); rmSync(dataDir, { recursive: true, force: true }); }
