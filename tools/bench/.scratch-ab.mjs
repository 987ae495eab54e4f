import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Stack, freePorts } from '@tasksensei/devstack';
import autocannon from 'autocannon';
import { fork } from 'node:child_process';
import { once } from 'node:events';
const dataDir = mkdtempSync(join(tmpdir(), 'tasksensei-bench-'));
const stack = new Stack({ dataDir, ports: await freePorts(), logLevel: 'warn' });
process.on('exit', () => stack.killAll());
const cpu = (pid) => { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' '); return Number(f[11]) * 10 + Number(f[12]) * 10; };
const start = async (env) => { const c = fork(new URL('./.scratch-baseline-variant.mjs', import.meta.url), { execArgv: ['--enable-source-maps'], env: { ...process.env, NATS_URL: stack.natsUrl, ...env } }); const [m] = await once(c, 'message'); return { c, url: `http://127.0.0.1:${m.port}/plans` }; };
try {
  await stack.start();
  const A = await start({}), B = await start({ NO_TRACES: '1' });
  const G = { c: { pid: stack.components.get('gateway').pid }, url: `${stack.gatewayUrl}/plans` };
  const targets = { traces: A, noTraces: B, gateway: G };
  for (const t of Object.values(targets)) await autocannon({ url: t.url, connections: 50, duration: 3 });
  const res = {};
  for (let round = 0; round < 3; round++) for (const [name, t] of Object.entries(targets)) {
    const b = cpu(t.c.pid); const r = await autocannon({ url: t.url, connections: 50, duration: 5 }); const a = cpu(t.c.pid);
    (res[name] ??= []).push(`${Math.round(r.requests.average)}r/s ${Math.round(((a - b) * 1000) / r.requests.total)}us`);
  }
  console.log(res);
  A.c.disconnect(); B.c.disconnect();
} finally { await stack.stop(); rmSync(dataDir, { recursive: true, force: true }); }
