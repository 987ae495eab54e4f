#!/usr/bin/env node
/**
 * `npm run bench`: starts the local stack on free ports with a throwaway data dir, runs each
 * section against it, prints a table and writes the figures to bench-results.json.
 * Speed is reported, never asserted: the exit code is 0 unless something broke.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '@tasksensei/devstack';
import { BENCH_ENV, LOAD } from './load.mjs';
import { benchAuth } from './auth.mjs';
import { benchChat } from './chat.mjs';
import { benchFiles } from './files.mjs';
import { benchMembership } from './membership.mjs';
import { benchDocuments } from './documents.mjs';
import { benchMemory } from './memory.mjs';
import { benchPlans } from './plans.mjs';
import { benchProfile } from './profile.mjs';
import { benchScaling } from './scaling.mjs';
import { formatComparison, formatSection } from './report.mjs';

/** @type {Array<(stack: Stack) => Promise<import('./report.mjs').Section>>} */
const ALL_SECTIONS = {
  plans: benchPlans,
  profile: benchProfile,
  auth: benchAuth,
  chat: benchChat,
  membership: benchMembership,
  files: benchFiles,
  memory: benchMemory,
  documents: benchDocuments,
};
/** Sections that start a stack of their own (a cluster), run after the single stack has stopped. */
const OWN_STACK_SECTIONS = { scaling: benchScaling };
// `npm run bench -- plans auth` runs only those sections; `--profile[=dir]` writes a .cpuprofile
// per Node process of the stack (services, gateway, dynalite, s3, the baselines) when it stops.
const args = process.argv.slice(2);
const profileArg = args.find((arg) => arg === '--profile' || arg.startsWith('--profile='));
const wanted = args.filter((arg) => !arg.startsWith('--'));
const beforeArg = args.find((arg) => arg.startsWith('--before='));
const unknownFlags = args.filter((arg) => arg.startsWith('--') && arg !== profileArg && arg !== beforeArg);
if (unknownFlags.length) {
  process.stderr.write(`unknown flag(s): ${unknownFlags.join(', ')}; known: --profile[=dir], --before=DIR\n`);
  process.exit(64);
}
const beforeDir = beforeArg && resolve(beforeArg.slice('--before='.length));
if (beforeDir && !existsSync(join(beforeDir, 'libs/devstack/dist/index.js'))) {
  process.stderr.write(`--before: ${beforeDir} has no built devstack (run npm run build there first)\n`);
  process.exit(64);
}
const unknown = wanted.filter((name) => !(name in ALL_SECTIONS) && !(name in OWN_STACK_SECTIONS));
if (unknown.length) {
  const known = [...Object.keys(ALL_SECTIONS), ...Object.keys(OWN_STACK_SECTIONS)];
  process.stderr.write(`unknown bench section(s): ${unknown.join(', ')}; known: ${known.join(', ')}\n`);
  process.exit(64);
}
const SECTIONS = wanted.length
  ? wanted.filter((name) => name in ALL_SECTIONS).map((name) => ALL_SECTIONS[name])
  : Object.values(ALL_SECTIONS);
const OWN_SECTIONS = wanted.length
  ? wanted.filter((name) => name in OWN_STACK_SECTIONS).map((name) => OWN_STACK_SECTIONS[name])
  : Object.values(OWN_STACK_SECTIONS);

const RESULTS_FILE = join(repoRoot, 'bench-results.json');

const profileDir =
  profileArg &&
  (profileArg.includes('=')
    ? resolve(profileArg.slice('--profile='.length))
    : join(repoRoot, 'bench-profiles', new Date().toISOString().replaceAll(':', '-')));
if (profileDir) {
  mkdirSync(profileDir, { recursive: true });
}
/** V8 writes a profile when its process exits: the stack's orderly stop is what produces them. */
const nodeArgs = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : undefined;
/** pid -> component name, to tell which profile is whose. @type {Map<number, string>} */
const names = new Map();

// `--before=DIR` also starts the stack of another built checkout (an older commit in a git
// worktree: `git worktree add DIR <commit> && cd DIR && npm run build`) and runs each section on
// it right before this one's, so the two see the same machine; then prints them side by side.
const runs = beforeDir
  ? [
      { name: 'before', root: beforeDir },
      { name: 'after', root: repoRoot },
    ]
  : [{ name: '', root: repoRoot }];

/** The stacks started so far, for the orderly stop, the signal handlers and the last-resort kill. */
const running = [];
const stopAll = () => Promise.all(running.map((stack) => stack.cleanUp()));
process.once('SIGINT', () => void stopAll().finally(() => process.exit(130)));
process.once('SIGTERM', () => void stopAll().finally(() => process.exit(143)));
process.on('exit', () => running.forEach((stack) => stack.killAll()));

try {
  const cores = availableParallelism();
  process.stdout.write(
    `\n${LOAD.connections} connections, pipelining ${LOAD.pipelining}, ${LOAD.warmupSeconds} s warm-up + ` +
      `${LOAD.durationSeconds} s measured per target; node ${process.version} on ${cores} cores, shared by ` +
      `autocannon (this process), the target, billing and NATS\n\n`,
  );
  /** @type {Array<{ name: string, root: string, commit: string, stack: unknown, sections: import('./report.mjs').Section[] }>} */
  const measured = [];
  for (const run of runs) {
    // Only the cluster's sections asked for: no single stack to start.
    if (SECTIONS.length > 0) process.stderr.write(`starting the stack${run.name ? ` (${run.name}: ${run.root})` : ''}...\n`);
    measured.push({
      ...run,
      commit: commitOf(run.root),
      stack: SECTIONS.length > 0 ? await startStack(run.root) : undefined,
      sections: [],
    });
  }
  for (const bench of SECTIONS) {
    for (const run of measured) {
      const section = await bench(run.stack);
      run.sections.push(section);
      const heading = run.name ? `[${run.name}: ${run.commit}] ` : '';
      process.stdout.write(`${heading}${formatSection(section)}\n\n`);
    }
  }
  if (measured.length === 2) process.stdout.write(`${formatComparison(measured[0].sections, measured[1].sections)}\n\n`);
  // The single stacks stop first: the cluster's processes get the cores to themselves. Only this
  // checkout's cluster is measured (--before does not apply to it).
  if (OWN_SECTIONS.length > 0) await stopAll();
  for (const bench of OWN_SECTIONS) {
    const section = await bench(nodeArgs ? { nodeArgs } : {});
    measured.at(-1).sections.push(section);
    process.stdout.write(`${formatSection(section)}\n\n`);
  }
  const figures = measured.map(({ name, root, commit, sections }) => ({ name, root, commit, sections }));
  const results = {
    date: new Date().toISOString(),
    node: process.version,
    cores,
    load: LOAD,
    ...(figures.length === 2 ? { runs: figures } : { sections: figures[0].sections }),
  };
  writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`figures written to ${RESULTS_FILE}\n`);
} catch (error) {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await stopAll();
  if (profileDir) reportProfiles(profileDir);
}

/**
 * Starts the stack of the checkout at `root` (its own devstack, services and NATS permissions) on
 * free ports with a throwaway data dir.
 * @param {string} root
 */
async function startStack(root) {
  const devstack =
    root === repoRoot ? await import('@tasksensei/devstack') : await import(pathToFileURL(join(root, 'libs/devstack/dist/index.js')).href);
  const dataDir = mkdtempSync(join(tmpdir(), 'tasksensei-bench-'));
  const stack = new devstack.Stack({
    dataDir,
    ports: await devstack.freePorts(),
    logLevel: 'warn',
    env: BENCH_ENV,
    ...(nodeArgs ? { nodeArgs } : {}),
  });
  /** @type {Promise<void> | undefined} */
  let stopping;
  let stopped = false;
  running.push({
    // Stops services before the stores they use; safe to call twice.
    cleanUp: () =>
      (stopping ??= stack.stop().finally(() => {
        stopped = true;
        rmSync(dataDir, { recursive: true, force: true });
      })),
    // Last resort when we exit before the orderly stop has finished.
    killAll: () => stopped || stack.killAll(),
  });
  await stack.start();
  for (const [name, component] of stack.components) if (component.pid) names.set(component.pid, name);
  return stack;
}

/** @param {string} root */
function commitOf(root) {
  try {
    return execFileSync('git', ['-C', root, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'not a git checkout';
  }
}

/** Lists the profiles written, each with the process it belongs to (by the pid in its name). @param {string} dir */
function reportProfiles(dir) {
  const files = readdirSync(dir).filter((file) => file.endsWith('.cpuprofile'));
  const lines = files.map((file) => {
    const pid = Number(file.split('.')[3]);
    return `  ${(names.get(pid) ?? `pid ${pid} (a baseline or helper)`).padEnd(36)} ${join(dir, file)}`;
  });
  process.stdout.write(`\nCPU profiles (open in Chrome DevTools > Performance, or speedscope):\n${lines.join('\n') || '  none written'}\n`);
}
