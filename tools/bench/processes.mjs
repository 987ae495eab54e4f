import { readFileSync, readdirSync } from 'node:fs';

/**
 * CPU time of the processes a bench section drives, read from Linux's /proc: what each one
 * (with every thread, and every process it started: chroma's server under its wrapper) spent
 * between two points, per operation. Elsewhere than Linux every figure is null.
 *
 * Usage in a section:
 *   const meter = cpuMeter(stackProcesses(stack, ['gateway', 'billing', 'dynamodb', 'nats']));
 *   ... drive N operations ...
 *   const cpu = meter.perOperation(N);   // [{ name, pid, usPerOp }]
 *   notes.push(`cpu µs/op: ${formatCpu(cpu)}`);
 *
 * @typedef {{ name: string, pid: number | undefined }} Tracked
 * @typedef {{ name: string, pid: number | undefined, usPerOp: number | null }} CpuPerOp
 */

/** Linux's USER_HZ: /proc counts CPU time in these ticks on every mainstream architecture. */
const TICKS_PER_SECOND = 100;

/** Every process a stack runs, or only the named ones, in that order. */
export const STACK_PROCESSES = ['gateway', 'auth', 'users', 'files', 'chat', 'billing', 'nats', 'dynamodb', 's3', 'chroma'];

/**
 * @param {import('@tasksensei/devstack').Stack} stack
 * @param {string[]} [names] component names (`nats`, `dynamodb`, `s3`, `chroma`, a service); default all
 * @returns {Tracked[]}
 */
export function stackProcesses(stack, names = STACK_PROCESSES) {
  return names.flatMap((name) => {
    const pid = stack.components.get(name)?.pid;
    return pid === undefined ? [] : [{ name, pid }];
  });
}

/**
 * Starts counting now. `perOperation(count)` reads again and divides by `count`; it may be
 * called more than once (each call measures from the start).
 * @param {Tracked[]} processes
 * @param {{ self?: boolean }} [options] self: also count this process (the load generator), as `bench`
 */
export function cpuMeter(processes, { self = false } = {}) {
  const before = processes.map(({ pid }) => treeCpuMs(pid));
  const selfBefore = process.cpuUsage();
  return {
    /** @param {number} count @returns {CpuPerOp[]} */
    perOperation(count) {
      const rows = processes.map(({ name, pid }, i) => {
        const now = treeCpuMs(pid);
        const used = now === null || before[i] === null ? null : now - before[i];
        return { name, pid, usPerOp: used === null || count <= 0 ? null : Math.round((used * 1000) / count) };
      });
      if (self) {
        const used = process.cpuUsage(selfBefore);
        rows.push({ name: 'bench', pid: process.pid, usPerOp: count > 0 ? Math.round((used.user + used.system) / count) : null });
      }
      return rows;
    },
  };
}

/** `gateway 120, billing 340, ...` (µs per operation), unknown figures left out. @param {CpuPerOp[]} rows */
export function formatCpu(rows) {
  const known = rows.filter((r) => r.usPerOp !== null);
  const total = known.reduce((sum, r) => sum + /** @type {number} */ (r.usPerOp), 0);
  return `${known.map((r) => `${r.name} ${r.usPerOp}`).join(', ')} (total ${total})`;
}

/**
 * CPU (user + system) of a process, all its threads, and its descendants, in ms; null when the
 * process cannot be read (not Linux, or gone).
 * @param {number | undefined} pid
 * @returns {number | null}
 */
export function treeCpuMs(pid) {
  if (pid === undefined) return null;
  const own = processCpuMs(pid);
  if (own === null) return null;
  return childrenOf(pid).reduce((sum, child) => sum + (treeCpuMs(child) ?? 0), own);
}

/**
 * utime + stime of one process: /proc/<pid>/stat sums every thread's time.
 * @param {number} pid
 */
export function processCpuMs(pid) {
  try {
    // The command name may hold spaces and parentheses; the fields after its last ')' do not.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime, fields 14 and 15 of proc(5), counted here from the state field (3).
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** @param {number} pid @returns {number[]} */
function childrenOf(pid) {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
      readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}
