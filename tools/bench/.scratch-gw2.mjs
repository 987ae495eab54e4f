import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Stack, freePorts, freePort, startService } from '@tasksensei/devstack';
import autocannon from 'autocannon';
import { fork } from 'node:child_process';
import { once } from 'node:events';
const dataDir = mkdtempSync(join(tmpdir(), 'tasksensei-bench-'));
const stack = new Stack({ dataDir, ports: await freePorts(), logLevel: 'warn' });
process.on('exit', () => stack.killAll());
const cpu = (pid) => { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' '); return [Number(f[11]) * 10, Number(f[12]) * 10]; };
const extra = [];
try {
  await stack.start();
  const c = fork(new URL('./baseline-server.mjs', import.meta.url), { execArgv: ['--enable-source-maps'], env: { ...process.env, NATS_URL: stack.natsUrl } });
  const [m] = await once(c, 'message');
  const targets = { baseline: { pid: c.pid, url: `http://127.0.0.1:${m.port}/plans` }, gateway: { pid: stack.components.get('gateway').pid, url: `${stack.gatewayUrl}/plans` } };
  for (const [name, env] of Object.entries(JSON.parse(process.argv[2] ?? '{}'))) {
    const port = await freePort(), ops = await freePort();
    const comp = await startService({ name: 'gateway', env: { ...stack.serviceEnv('gateway'), PORT: String(port), OPS_PORT: String(ops), ...env }, opsPort: ops, httpPort: port, logDir: join(dataDir, 'logs', name) });
    extra.push(comp);
    targets[name] = { pid: comp.pid, url: `http://127.0.0.1:${port}/plans` };
  }
  for (const t of Object.values(targets)) await autocannon({ url: t.url, connections: 50, duration: 3 });
  const res = {};
  for (let round = 0; round < Number(process.argv[3] ?? 3); round++) for (const [name, t] of Object.entries(targets)) {
    const b = cpu(t.pid); const r = await autocannon({ url: t.url, connections: 50, duration: 5 }); const a = cpu(t.pid);
    (res[name] ??= []).push(`${Math.round(r.requests.average)}r/s u${Math.round(((a[0] - b[0]) * 1000) / r.requests.total)}+s${Math.round(((a[1] - b[1]) * 1000) / r.requests.total)}us`);
  }
  console.log(res);
  c.disconnect();
} finally { for (const e of extra) await e.stop(); await stack.stop(); rmSync(dataDir, { recursive: true, force: true }); }
