import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connected, mintToken, openChat, repoRoot, waitFor } from '@tasksensei/devstack';

/**
 * `npm start` as its user runs it: the runner as a process (with every port free), stopped with
 * Ctrl-C while a browser's socket is open, and killed outright; DATA_DIR given as an absolute path.
 */
const minutes = (n: number) => n * 60_000;
const STORES = ['dynamodb', 's3', 'chroma'];

interface Runner {
  readonly child: ChildProcess;
  readonly rows: Map<string, { pid: number | undefined; port: number }>;
  readonly exited: Promise<number | null>;
}

async function startRunner(dataDir: string, cwd: string): Promise<Runner> {
  const child = spawn(process.execPath, [join(repoRoot, 'libs', 'devstack', 'dist', 'cli.js'), '--free-ports'], {
    cwd,
    env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'info', NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const rows = new Map<string, { pid: number | undefined; port: number }>();
  let output = '';
  const up = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      for (const line of output.split('\n')) {
        const match = /^([a-z0-9-]+)\s+(\d+|-)\s+(\d+)\s+ready/.exec(line);
        if (match) rows.set(match[1]!, { pid: match[2] === '-' ? undefined : Number(match[2]), port: Number(match[3]) });
      }
      if (output.includes('TaskSensei is up')) resolve();
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then((code) => reject(new Error(`the runner exited (${code}) before it was up:\n${output}`)));
  });
  await up;
  return { child, rows, exited };
}

const alive = (pid: number | undefined) => {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('npm start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tasksensei-abs-data-'));
  const cwd = mkdtempSync(join(tmpdir(), 'tasksensei-cwd-'));
  const leftovers: number[] = [];

  afterAll(() => {
    for (const pid of leftovers) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(cwd, { recursive: true, force: true });
  });

  it(
    'stops on Ctrl-C with a socket open: the socket is told why and closed, every process ends, data is where DATA_DIR says',
    async () => {
      const runner = await startRunner(dataDir, cwd);
      leftovers.push(...[...runner.rows.values()].flatMap((r) => (r.pid ? [r.pid] : [])));
      const gateway = runner.rows.get('gateway')!;
      const publicUrl = `http://localhost:${gateway.port}`;
      const client = openChat(`http://127.0.0.1:${gateway.port}`, await mintToken({ dataDir, publicUrl }, 'ctrl-c-user'));
      expect(await connected(client.socket)).toBe(true);
      const closed = new Promise<string>((resolve) => client.socket.once('disconnect', resolve));

      const started = Date.now();
      runner.child.kill('SIGINT');
      expect(await runner.exited).toBe(0);
      process.stdout.write(`npm start stopped ${Date.now() - started} ms after Ctrl-C with a socket open\n`);

      expect(client.events.find((e) => e.event === 'server.shutdown')?.data).toEqual(
        expect.objectContaining({ reason: 'server_shutdown' }),
      );
      expect(await closed).toBe('transport close');
      for (const [name, row] of runner.rows) expect({ name, alive: alive(row.pid) }).toEqual({ name, alive: false });
      expect(existsSync(join(dataDir, 'logs', 'gateway.log'))).toBe(true);
      expect(existsSync(join(cwd, dataDir))).toBe(false);
    },
    minutes(4),
  );

  it(
    'leaves no store running when the runner is killed without a chance to stop anything',
    async () => {
      const runner = await startRunner(dataDir, cwd);
      leftovers.push(...[...runner.rows.values()].flatMap((r) => (r.pid ? [r.pid] : [])));
      runner.child.kill('SIGKILL');
      await runner.exited;
      const stores = STORES.map((name) => runner.rows.get(name)!.pid);
      await waitFor(() => (stores.every((pid) => !alive(pid)) ? true : undefined), 30_000);
      expect(STORES.filter((_, i) => alive(stores[i]))).toEqual([]);
    },
    minutes(4),
  );
});
