import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, statSync, utimesSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { dirname, join } from 'node:path';
import { constants, tmpdir } from 'node:os';

/** One running part of the stack: infrastructure or a service. */
export interface Component {
  readonly name: string;
  readonly port: number;
  readonly url: string;
  readonly pid: number | undefined;
  /** Where its stdout and stderr go. */
  readonly logFile?: string;
  /** Settles with the exit code (128 + the signal's number for a signal) when the process has gone, for whatever reason. */
  readonly exited?: Promise<number | null>;
  stop(): Promise<void>;
}

export interface SpawnOptions {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  readonly logFile: string;
  readonly port: number;
  readonly url: string;
  readonly ready: () => Promise<boolean>;
  readonly readyTimeoutMs?: number;
  readonly cwd?: string;
  /** Told the pid at once, so a caller can clean up a child that never became ready. */
  readonly onSpawn?: (pid: number) => void;
}

export class ComponentError extends Error {}

/**
 * Starts a child in its own process group (so Ctrl-C reaches only the runner, which then
 * stops services before the stores they use) and waits until `ready` says yes.
 */
export async function spawnComponent(options: SpawnOptions): Promise<Component> {
  mkdirSync(dirname(options.logFile), { recursive: true });
  const log = openSync(options.logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(options.command, options.args, {
      env: options.env ?? process.env,
      stdio: ['ignore', log, log],
      detached: true,
      ...(options.cwd ? { cwd: options.cwd } : {}),
    });
  } finally {
    closeSync(log);
  }
  if (child.pid) options.onSpawn?.(child.pid);
  // A signal is reported as a shell does: 128 + its number (SIGTERM 143, SIGKILL 137).
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 + (constants.signals[signal] ?? 0) : null))),
  );
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));

  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  for (;;) {
    const failed = await Promise.race([spawnError, delay(100).then(() => undefined)]);
    if (failed) throw new ComponentError(`${options.name}: cannot start ${options.command}: ${failed.message}`);
    if (exitCode !== undefined) {
      throw new ComponentError(`${options.name} exited with code ${exitCode} before it was ready:\n${tail(options.logFile)}`);
    }
    if (await options.ready().catch(() => false)) break;
    if (Date.now() > deadline) {
      killGroup(child, 'SIGKILL');
      throw new ComponentError(`${options.name} was not ready after ${options.readyTimeoutMs ?? 60_000} ms:\n${tail(options.logFile)}`);
    }
  }

  return {
    name: options.name,
    port: options.port,
    url: options.url,
    pid: child.pid,
    logFile: options.logFile,
    exited,
    async stop() {
      if (exitCode !== undefined) return;
      killGroup(child, 'SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const stopped = await Promise.race([
        exited.then(() => true),
        new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), 15_000))),
      ]);
      clearTimeout(timer);
      if (!stopped) {
        killGroup(child, 'SIGKILL');
        await exited;
      }
    },
  };
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  if (!child.pid) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

export function tail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .slice(-lines)
      .map((l) => `    ${l}`)
      .join('\n');
  } catch {
    return '    (no output)';
  }
}

export const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Ports handed out by freePort, across every process of this machine (the test workers, the
 * bench): a stack picks all its ports at once and starts its last process tens of seconds later,
 * and in between the OS would hand the same free port to another stack. A port is claimed by
 * creating its file here (exclusively); a claim older than PORT_CLAIM_MS is taken over.
 */
const PORT_CLAIMS = join(tmpdir(), 'tasksensei-port-claims');
const PORT_CLAIM_MS = 15 * 60_000;

/** A port the OS says is free right now, and that no other freePort of this machine handed out lately. */
export async function freePort(): Promise<number> {
  mkdirSync(PORT_CLAIMS, { recursive: true });
  for (;;) {
    const port = await osFreePort();
    if (claimPort(port)) return port;
  }
}

function claimPort(port: number): boolean {
  const file = join(PORT_CLAIMS, String(port));
  try {
    closeSync(openSync(file, 'wx'));
    return true;
  } catch {
    // Claimed by a freePort: taken over once the claim is old (its stack has long started or gone).
    try {
      if (Date.now() - statSync(file).mtimeMs < PORT_CLAIM_MS) return false;
      utimesSync(file, new Date(), new Date());
      return true;
    } catch {
      return false;
    }
  }
}

function osFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export function portAnswers(port: number, host = '127.0.0.1', timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export async function httpOk(url: string, timeoutMs = 1_000): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}
