import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { httpOk, spawnComponent, type Component } from './process.js';

export const SERVICES = ['auth', 'users', 'files', 'chat', 'billing'] as const;
export type StackService = (typeof SERVICES)[number] | 'gateway';

/** The repository root, found from this file's place in libs/devstack/dist. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export interface ServiceStart {
  readonly name: StackService;
  readonly env: NodeJS.ProcessEnv;
  /** Probe/metrics port (OPS_PORT). */
  readonly opsPort: number;
  /** The public HTTP port, for the gateway. */
  readonly httpPort?: number;
  readonly logDir: string;
  /** Name of the log file and of the process in errors (a replica: `chat-2`); default the service's. */
  readonly logName?: string;
  readonly onSpawn?: (pid: number) => void;
  /** Node flags before the script (`--cpu-prof`, which NODE_OPTIONS does not take). */
  readonly nodeArgs?: readonly string[];
}

/** Runs `services/<name>/dist/main.js` and waits until its readiness probe answers 200. */
export function startService(options: ServiceStart): Promise<Component> {
  const port = options.httpPort ?? options.opsPort;
  return spawnComponent({
    ...(options.onSpawn ? { onSpawn: options.onSpawn } : {}),
    name: options.logName ?? options.name,
    command: process.execPath,
    // The gateway allocates per request more than any service: a larger young generation keeps
    // scavenges rare (the same flag is set in its container image).
    args: [
      ...(options.nodeArgs ?? []),
      ...(options.name === 'gateway' ? ['--max-semi-space-size=32'] : []),
      '--enable-source-maps',
      join(repoRoot, 'services', options.name, 'dist', 'main.js'),
    ],
    env: options.env,
    cwd: repoRoot,
    logFile: join(options.logDir, `${options.logName ?? options.name}.log`),
    port,
    url: `http://127.0.0.1:${port}`,
    ready: () => httpOk(`http://127.0.0.1:${options.opsPort}/readyz`, 1_000),
    readyTimeoutMs: 60_000,
  });
}
