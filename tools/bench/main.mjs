#!/usr/bin/env node
/**
 * `npm run bench`: starts the local stack on free ports with a throwaway data dir, runs each
 * section against it, prints a table and writes the figures to bench-results.json.
 * Speed is reported, never asserted: the exit code is 0 unless something broke.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Stack, freePorts, repoRoot } from '@tasksensei/devstack';
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
import { formatSection } from './report.mjs';

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
const unknownFlags = args.filter((arg) => arg.startsWith('--') && arg !== profileArg);
if (unknownFlags.length) {
  process.stderr.write(`unknown flag(s): ${unknownFlags.join(', ')}; known: --profile[=dir]\n`);
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

const dataDir = mkdtempSync(join(tmpdir(), 'tasksensei-bench-'));
const stack = new Stack({ dataDir, ports: await freePorts(), logLevel: 'warn', env: BENCH_ENV, ...(nodeArgs ? { nodeArgs } : {}) });

/** @type {Promise<void> | undefined} */
let stopping;
let stopped = false;
/** Stops services before the stores they use; safe to call twice. */
function cleanUp() {
  stopping ??= stack.stop().finally(() => {
    stopped = true;
    rmSync(dataDir, { recursive: true, force: true });
    if (profileDir) reportProfiles(profileDir);
  });
  return stopping;
}
process.once('SIGINT', () => void cleanUp().finally(() => process.exit(130)));
process.once('SIGTERM', () => void cleanUp().finally(() => process.exit(143)));
// Last resort when we exit before the orderly stop has finished.
process.on('exit', () => stopped || stack.killAll());

try {
  if (SECTIONS.length > 0) {
    process.stderr.write('starting the stack...\n');
    await stack.start();
  }
  for (const [name, component] of stack.components) if (component.pid) names.set(component.pid, name);
  const cores = availableParallelism();
  process.stdout.write(
    `\n${LOAD.connections} connections, pipelining ${LOAD.pipelining}, ${LOAD.warmupSeconds} s warm-up + ` +
      `${LOAD.durationSeconds} s measured per target; node ${process.version} on ${cores} cores, shared by ` +
      `autocannon (this process), the target, billing and NATS\n\n`,
  );
  const sections = [];
  for (const bench of SECTIONS) {
    const section = await bench(stack);
    sections.push(section);
    process.stdout.write(`${formatSection(section)}\n\n`);
  }
  // The single stack stops first: the cluster's processes get the cores to themselves.
  if (OWN_SECTIONS.length > 0) await cleanUp();
  for (const bench of OWN_SECTIONS) {
    const section = await bench(nodeArgs ? { nodeArgs } : {});
    sections.push(section);
    process.stdout.write(`${formatSection(section)}\n\n`);
  }
  const results = {
    date: new Date().toISOString(),
    node: process.version,
    cores,
    load: LOAD,
    sections,
  };
  writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`figures written to ${RESULTS_FILE}\n`);
} catch (error) {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await cleanUp();
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
