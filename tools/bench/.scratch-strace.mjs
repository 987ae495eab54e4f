import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Stack, freePorts } from '@tasksensei/devstack';
import autocannon from 'autocannon';
import { fork, spawn } from 'node:child_process';
import { once } from 'node:events';
const dataDir = mkdtempSync(join(tmpdir(), 'tasksensei-bench-'));
const stack = new Stack({ dataDir, ports: await freePorts(), logLevel: 'warn' });
process.on('exit', () => stack.killAll());
try {
  await stack.start();
  const c = fork(new URL('./baseline-server.mjs', import.meta.url), { execArgv: ['--enable-source-maps'], env: { ...process.env, NATS_URL: stack.natsUrl } });
  const [m] = await once(c, 'message');
  for (const [name, url, pid] of [['baseline', `http://127.0.0.1:${m.port}/plans`, c.pid], ['gateway', `${stack.gatewayUrl}/plans`, stack.components.get('gateway').pid]]) {
    await autocannon({ url, connections: 50, duration: 3 });
    const st = spawn('strace', ['-c', '-f', '-p', String(pid), '-o', `/tmp/benchscratch/strace-${name}.txt`]);
    await new Promise((r) => setTimeout(r, 500));
    const r = await autocannon({ url, connections: 50, duration: 5 });
    st.kill('SIGINT'); await once(st, 'exit');
    console.log(name, 'requests', r.requests.total);
  }
  c.disconnect();
} finally { await stack.stop(); rmSync(dataDir, { recursive: true, force: true }); }
