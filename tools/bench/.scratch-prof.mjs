import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Stack, freePorts } from '@tasksensei/devstack';
import autocannon from 'autocannon';
import { fork } from 'node:child_process';
import { once } from 'node:events';
const kind = process.argv[2] ?? 'cpu';
const dir = `/tmp/benchscratch/prof-${kind}`;
const env = { NODE_OPTIONS: '--import=/tmp/benchscratch/lib/preload.mjs', PROF_KIND: kind };
const dataDir = mkdtempSync(join(tmpdir(), 'tasksensei-bench-'));
const stack = new Stack({ dataDir, ports: await freePorts(), logLevel: 'warn' });
process.on('exit', () => stack.killAll());
const cpu = (pid) => { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' '); return [Number(f[11]) * 10, Number(f[12]) * 10]; };
try {
  await stack.start();
  await stack.stopComponent('gateway');
  const gw = await stack.startService('gateway', { ...env, PROF_DIR: `${dir}/gateway` });
  const child = fork(new URL('./baseline-server.mjs', import.meta.url), { execArgv: ['--enable-source-maps'], env: { ...process.env, ...env, NATS_URL: stack.natsUrl, PROF_DIR: `${dir}/baseline` } });
  const [m] = await once(child, 'message');
  const billing = stack.components.get('billing').pid, nats = stack.components.get('nats').pid;
  for (const [name, url, pid] of [['baseline', `http://127.0.0.1:${m.port}/plans`, child.pid], ['gateway', `${stack.gatewayUrl}/plans`, gw.pid]]) {
    await autocannon({ url, connections: 50, duration: 3 });
    process.kill(pid, 'SIGWINCH'); await new Promise((r) => setTimeout(r, 200));
    const before = [pid, billing, nats].map(cpu);
    const r = await autocannon({ url, connections: 50, duration: 10 });
    const after = [pid, billing, nats].map(cpu);
    const per = (i, k) => (((after[i][k] - before[i][k]) * 1000) / r.requests.total).toFixed(0);
    console.log(name, 'req/s', r.requests.average, 'p50', r.latency.p50, 'p99', r.latency.p99, `us/req target user ${per(0, 0)} sys ${per(0, 1)} | billing ${per(1, 0)}+${per(1, 1)} | nats ${per(2, 0)}+${per(2, 1)}`);
  }
  process.kill(child.pid, 'SIGUSR2'); process.kill(gw.pid, 'SIGUSR2');
  await new Promise((r) => setTimeout(r, 3000));
} finally { await stack.stop(); rmSync(dataDir, { recursive: true, force: true }); }
