#!/usr/bin/env node
/**
 * `npm start`: the whole TaskSensei stack on this machine, no cloud account, no key.
 * Data stays under DATA_DIR (default .data/), so a restart finds everything again.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ComponentError, freePort, portAnswers } from './process.js';
import { repoRoot } from './services.js';
import { DEFAULT_PORTS, Stack, type ComponentRow } from './stack.js';

if (existsSync(join(process.cwd(), '.env'))) process.loadEnvFile(join(process.cwd(), '.env'));

const port = (fallback: number) => z.coerce.number().int().min(1).max(65_535).default(fallback);
const EnvSchema = z.object({
  DATA_DIR: z.string().min(1).default('.data'),
  PORT: port(DEFAULT_PORTS.gateway),
  PUBLIC_URL: z.url().optional(),
  /** Where the stack's own nats-server listens (its port); unset: 4222 when free, else any free port. */
  NATS_URL: z.string().regex(/^nats:\/\/[^\s,]+$/, 'must be one nats:// URL for the local stack').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
  LOCAL_DYNAMODB_PORT: port(DEFAULT_PORTS.dynamodb),
  LOCAL_S3_PORT: port(DEFAULT_PORTS.s3),
  LOCAL_CHROMA_PORT: port(DEFAULT_PORTS.chroma),
  LOCAL_SMTP_PORT: port(DEFAULT_PORTS.mail),
  LOCAL_MAILBOX_PORT: port(DEFAULT_PORTS.mailbox),
});

const parsed = EnvSchema.safeParse(Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== '')));
if (!parsed.success) {
  const issue = parsed.error.issues[0]!;
  process.stderr.write(`invalid configuration: ${issue.path.join('.')} ${issue.message}\n`);
  process.exit(78);
}
const env = parsed.data;

const columns = [12, 9, 7, 10];
const row = (cells: string[]) => cells.map((cell, i) => cell.padEnd(columns[i] ?? 10)).join(' ').trimEnd();
process.stdout.write(`${row(['COMPONENT', 'PID', 'PORT', 'STATE'])}\n`);
const print = (c: ComponentRow) =>
  process.stdout.write(`${row([c.name, c.pid ? String(c.pid) : '-', String(c.port), c.state])}  ${c.ms ? `${c.ms} ms` : ''}\n`);

// Never another NATS already running here (it would have none of the stack's users): our own,
// on NATS_URL's port when set, else 4222 when free, else any free port.
const natsPort = env.NATS_URL
  ? Number(new URL(env.NATS_URL).port || 4222)
  : (await portAnswers(DEFAULT_PORTS.nats)) ? await freePort() : DEFAULT_PORTS.nats;

const stack = new Stack({
  dataDir: join(repoRoot === process.cwd() ? repoRoot : process.cwd(), env.DATA_DIR),
  ...(env.PUBLIC_URL ? { publicUrl: env.PUBLIC_URL } : {}),
  logLevel: env.LOG_LEVEL,
  ports: {
    ...DEFAULT_PORTS,
    gateway: env.PORT,
    nats: natsPort,
    dynamodb: env.LOCAL_DYNAMODB_PORT,
    s3: env.LOCAL_S3_PORT,
    chroma: env.LOCAL_CHROMA_PORT,
    mail: env.LOCAL_SMTP_PORT,
    mailbox: env.LOCAL_MAILBOX_PORT,
  },
  onReady: print,
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
const url = env.PUBLIC_URL ?? `http://localhost:${env.PORT}`;
process.stdout.write(
  `\nTaskSensei is up: ${url}\n  health ${url}/health   API docs ${url}/docs\n  logs   ${stack.logDir}\nPress Ctrl-C to stop.\n`,
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
