import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NatsUserKey } from '@tasksensei/contracts';
import { renderNatsServerConfig } from './nats/nats-config.js';
import { ComponentError, httpOk, portAnswers, spawnComponent, type Component } from './process.js';

// The server scripts run compiled, also when this module is loaded from source by a test.
const serversDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'servers');

export interface InfraOptions {
  readonly port: number;
  /** Data directory of this component. */
  readonly dir: string;
  readonly logDir: string;
  readonly onSpawn?: (pid: number) => void;
  /** Node flags before the script, for the Node servers (`--cpu-prof`). */
  readonly nodeArgs?: readonly string[];
}

/** The `INFO` a NATS server greets with, or undefined when nothing NATS answers there. */
export function natsInfo(url: string, timeoutMs = 1_000): Promise<{ jetstream?: boolean; version?: string } | undefined> {
  const { hostname, port } = new URL(url.split(',')[0]!.trim());
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || 4222) });
    let buffer = '';
    const done = (value?: { jetstream?: boolean; version?: string }) => {
      socket.destroy();
      resolve(value);
    };
    socket.setTimeout(timeoutMs, () => done());
    socket.once('error', () => done());
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      const line = buffer.split('\r\n')[0];
      if (buffer.includes('\r\n') && line?.startsWith('INFO ')) {
        try {
          done(JSON.parse(line.slice(5)) as { jetstream?: boolean; version?: string });
        } catch {
          done();
        }
      } else if (buffer.length > 64 * 1024) done();
    });
  });
}

export function findNatsServer(): string {
  for (const candidate of [process.env.NATS_SERVER_BIN, '/usr/sbin/nats-server', '/usr/bin/nats-server', '/usr/local/bin/nats-server']) {
    if (candidate && existsSync(candidate)) return candidate;
  }
  try {
    return execFileSync('sh', ['-c', 'command -v nats-server'], { encoding: 'utf8' }).trim() || missingNats();
  } catch {
    return missingNats();
  }
}

function missingNats(): never {
  throw new ComponentError(
    'nats-server is not installed and nothing answers at NATS_URL: install the Debian package `nats-server` (apt-get install -y nats-server)',
  );
}

export interface NatsStartOptions extends InfraOptions {
  /** The users and permissions of the registry (libs/contracts), one nkey per identity. */
  readonly users: readonly NatsUserKey[];
  readonly name?: string;
}

/**
 * Our own nats-server with JetStream and the same users and permissions as production, its
 * config rendered into `dir` (next to the JetStream store) from the registry.
 */
export async function startNats(options: NatsStartOptions): Promise<Component> {
  const binary = findNatsServer();
  mkdirSync(options.dir, { recursive: true });
  const configFile = join(options.dir, 'nats-server.conf');
  const config = renderNatsServerConfig({
    serverName: options.name ?? 'tasksensei-local',
    host: '127.0.0.1',
    port: options.port,
    storeDir: options.dir,
    httpPort: 0,
    users: options.users,
  });
  writeFileSync(configFile, config, { mode: 0o600 });
  return spawnComponent({
    ...(options.onSpawn ? { onSpawn: options.onSpawn } : {}),
    name: options.name ?? 'nats',
    command: binary,
    args: ['-c', configFile],
    logFile: join(options.logDir, `${options.name ?? 'nats'}.log`),
    port: options.port,
    url: `nats://127.0.0.1:${options.port}`,
    ready: async () => (await natsInfo(`nats://127.0.0.1:${options.port}`, 300))?.jetstream === true,
  });
}

export async function startDynalite(options: InfraOptions): Promise<Component> {
  mkdirSync(options.dir, { recursive: true });
  return spawnComponent({
    ...(options.onSpawn ? { onSpawn: options.onSpawn } : {}),
    name: 'dynamodb',
    command: process.execPath,
    args: [...(options.nodeArgs ?? []), join(serversDir, 'dynalite.server.js'), '--port', String(options.port), '--path', options.dir],
    logFile: join(options.logDir, 'dynamodb.log'),
    port: options.port,
    url: `http://127.0.0.1:${options.port}`,
    ready: () => portAnswers(options.port),
  });
}

export interface S3Options extends InfraOptions {
  readonly bucket: string;
  /** The local master key of encryption at rest (created 0600 when missing). */
  readonly masterKeyFile?: string;
  /** Browser origins that may PUT/GET with presigned URLs (the web client: PUBLIC_URL). */
  readonly corsOrigins?: readonly string[];
}

export async function startS3(options: S3Options): Promise<Component> {
  mkdirSync(options.dir, { recursive: true });
  return spawnComponent({
    ...(options.onSpawn ? { onSpawn: options.onSpawn } : {}),
    name: 's3',
    command: process.execPath,
    args: [
      ...(options.nodeArgs ?? []),
      join(serversDir, 's3.server.js'),
      ...['--port', String(options.port), '--path', options.dir, '--bucket', options.bucket],
      ...(options.masterKeyFile ? ['--master-key', options.masterKeyFile] : []),
      ...(options.corsOrigins?.length ? ['--cors-origin', options.corsOrigins.join(',')] : []),
    ],
    logFile: join(options.logDir, 's3.log'),
    port: options.port,
    url: `http://127.0.0.1:${options.port}`,
    ready: () => portAnswers(options.port),
  });
}

export async function startChroma(options: InfraOptions): Promise<Component> {
  mkdirSync(options.dir, { recursive: true });
  return spawnComponent({
    ...(options.onSpawn ? { onSpawn: options.onSpawn } : {}),
    name: 'chroma',
    command: process.execPath,
    args: [...(options.nodeArgs ?? []), join(serversDir, 'chroma.server.js'), '--path', options.dir, '--port', String(options.port)],
    logFile: join(options.logDir, 'chroma.log'),
    port: options.port,
    url: `http://127.0.0.1:${options.port}`,
    ready: () => httpOk(`http://127.0.0.1:${options.port}/api/v2/heartbeat`, 500),
    readyTimeoutMs: 90_000,
  });
}

export interface MailOptions extends InfraOptions {
  /** The mailbox's HTTP port (GET /mail?to=); `port` is SMTP. */
  readonly httpPort: number;
}

/** The local stack's SMTP server and mailbox (servers/mail.server.ts). */
export async function startMail(options: MailOptions): Promise<Component> {
  mkdirSync(options.dir, { recursive: true });
  return spawnComponent({
    ...(options.onSpawn ? { onSpawn: options.onSpawn } : {}),
    name: 'mail',
    command: process.execPath,
    args: [
      ...(options.nodeArgs ?? []),
      join(serversDir, 'mail.server.js'),
      '--smtp-port',
      String(options.port),
      '--http-port',
      String(options.httpPort),
      '--dir',
      options.dir,
    ],
    logFile: join(options.logDir, 'mail.log'),
    port: options.port,
    url: `smtp://127.0.0.1:${options.port}`,
    ready: () => httpOk(`http://127.0.0.1:${options.httpPort}/mail?to=ready`, 500),
  });
}
