#!/usr/bin/env node
/**
 * `npm start`: the whole TaskSensei stack on this machine, no cloud account, no key.
 * `npm start -- --cluster`: the production topology (three clustered NATS servers, two
 * replicas of every service, two gateways); `--replicas N` runs N of each instead. Data stays under DATA_DIR (default .data/), so a
 * restart finds everything again.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ClusterStack, REPLICAS_PER_SERVICE, defaultClusterPorts, freeClusterPorts } from './cluster/cluster-stack.js';
import { ComponentError, freePort, portAnswers } from './process.js';
import { dataDirFrom } from './data-dir.js';
import { DEFAULT_PORTS, Stack, freePorts, type ComponentRow } from './stack.js';

// --free-ports: every component on a port the OS says is free (tests and a second stack beside a first).
// --replicas N (with --cluster): N replicas of every service instead of REPLICAS_PER_SERVICE.
const { values: flags } = parseArgs({
  options: {
    cluster: { type: 'boolean', default: false },
    'free-ports': { type: 'boolean', default: false },
    replicas: { type: 'string' },
  },
  strict: true,
});

if (existsSync(join(process.cwd(), '.env'))) process.loadEnvFile(join(process.cwd(), '.env'));

const port = (fallback: number) => z.coerce.number().int().min(1).max(65_535).default(fallback);
const EnvSchema = z.object({
  DATA_DIR: z.string().min(1).default('.data'),
  PORT: port(DEFAULT_PORTS.gateway),
  PUBLIC_URL: z.url().optional(),
  /** Where the stack's own nats-server listens (its port); unset: 4222 when free, else any free port. */
  NATS_URL: z
    .string()
    .regex(/^nats:\/\/[^\s,]+$/, 'must be one nats:// URL for the local stack')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
  LOCAL_DYNAMODB_PORT: port(DEFAULT_PORTS.dynamodb),
  LOCAL_S3_PORT: port(DEFAULT_PORTS.s3),
  LOCAL_CHROMA_PORT: port(DEFAULT_PORTS.chroma),
  LOCAL_SMTP_PORT: port(DEFAULT_PORTS.mail),
  LOCAL_MAILBOX_PORT: port(DEFAULT_PORTS.mailbox),
  /** --cluster: the second gateway's public port (API.md: 8090). */
  CLUSTER_SECOND_GATEWAY_PORT: port(defaultClusterPorts().gateways[1]!.http),
});
const ReplicasFlag = z.coerce.number().int().min(1).max(9).default(REPLICAS_PER_SERVICE);

const parsed = EnvSchema.safeParse(Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== '')));
if (!parsed.success) {
  const issue = parsed.error.issues[0]!;
  process.stderr.write(`invalid configuration: ${issue.path.join('.')} ${issue.message}\n`);
  process.exit(78);
}
const env = parsed.data;
const replicasFlag = ReplicasFlag.safeParse(flags.replicas);
if (!replicasFlag.success || (flags.replicas !== undefined && !flags.cluster)) {
  process.stderr.write(`invalid --replicas ${flags.replicas}: a whole number from 1 to 9, with --cluster\n`);
  process.exit(64);
}
const replicas = replicasFlag.data;

const columns = [12, 9, 7, 10];
const dataDir = dataDirFrom(env.DATA_DIR);
const row = (cells: string[]) =>
  cells
    .map((cell, i) => cell.padEnd(columns[i] ?? 10))
    .join(' ')
    .trimEnd();
process.stdout.write(`${row(['COMPONENT', 'PID', 'PORT', 'STATE'])}\n`);
const print = (c: ComponentRow) =>
  process.stdout.write(`${row([c.name, c.pid ? String(c.pid) : '-', String(c.port), c.state])}  ${c.ms ? `${c.ms} ms` : ''}\n`);

const free = flags['free-ports'] ? await freePorts() : undefined;
const storePorts = free
  ? { dynamodb: free.dynamodb, s3: free.s3, chroma: free.chroma, mail: free.mail, mailbox: free.mailbox }
  : {
      dynamodb: env.LOCAL_DYNAMODB_PORT,
      s3: env.LOCAL_S3_PORT,
      chroma: env.LOCAL_CHROMA_PORT,
      mail: env.LOCAL_SMTP_PORT,
      mailbox: env.LOCAL_MAILBOX_PORT,
    };
const common = { dataDir, ...(env.PUBLIC_URL ? { publicUrl: env.PUBLIC_URL } : {}), logLevel: env.LOG_LEVEL, onReady: print };
const defaultPorts = defaultClusterPorts(replicas);
const clusterPorts = free
  ? await freeClusterPorts(replicas)
  : {
      ...defaultPorts,
      gateways: [
        { ...defaultPorts.gateways[0]!, http: env.PORT },
        { ...defaultPorts.gateways[1]!, http: env.CLUSTER_SECOND_GATEWAY_PORT },
      ],
    };
// Never another NATS already running here (it would have none of the stack's users): our own,
// on NATS_URL's port when set, else 4222 when free, else any free port.
const natsPort = async () =>
  env.NATS_URL
    ? Number(new URL(env.NATS_URL).port || 4222)
    : (await portAnswers(DEFAULT_PORTS.nats))
      ? await freePort()
      : DEFAULT_PORTS.nats;
const stack = flags.cluster
  ? new ClusterStack({ ...common, storePorts, cluster: clusterPorts })
  : new Stack({
      ...common,
      ports: free ?? { ...DEFAULT_PORTS, ...storePorts, gateway: env.PORT, nats: await natsPort() },
    });

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`\n${signal}: stopping services, then stores...\n`);
  await stack.stop();
  process.stdout.write('stopped; data kept in ' + stack.dataDir + '\n');
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGHUP', () => void shutdown('SIGHUP'));
process.on('exit', () => stack.killAll());

try {
  await stack.start();
} catch (error) {
  process.stderr.write(`\n${error instanceof ComponentError ? error.message : (error as Error).stack}\n`);
  process.exit(1);
}
const url = env.PUBLIC_URL ?? stack.publicUrl;
const second = stack instanceof ClusterStack ? `  second gateway ${stack.gatewayUrls[1]!.replace('127.0.0.1', 'localhost')}\n` : '';
process.stdout.write(
  `\nTaskSensei is up${flags.cluster ? ' (cluster)' : ''}: ${url}\n${second}  health ${url}/health   API docs ${url}/docs\n  logs   ${stack.logDir}\nPress Ctrl-C to stop.\n`,
);

// A component that dies after start is reported, not silently missed.
setInterval(() => {
  for (const component of stack.components.values()) {
    if (!component.pid) continue;
    try {
      process.kill(component.pid, 0);
    } catch {
      process.stderr.write(`${component.name} (pid ${component.pid}) has exited; see ${component.logFile}\n`);
      stack.components.delete(component.name);
    }
  }
}, 2_000);
