#!/usr/bin/env node
/**
 * `npm run chaos`: starts the cluster topology (three clustered NATS servers, two replicas of
 * every service, two gateways) on free ports with a throwaway data dir, drives real load
 * through it while injecting faults, prints a table (scenario, load, fault, what must hold,
 * measured result) and writes chaos-results.json. Times are reported, never asserted; the exit
 * code is 1 when something that must hold did not (lost, doubled, hung, a 500).
 *
 *   npm run chaos                      every scenario at the loads
 *   npm run chaos -- --quick           reduced loads (a shared or small machine)
 *   npm run chaos -- users-down ...    chosen scenarios
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CHAOS_CLUSTER_ENV, CHAOS_LOADS, ClusterStack, SCENARIOS, SlowModel, repoRoot } from '@tasksensei/devstack';
import { formatTable } from './table.mjs';

const { values, positionals } = parseArgs({ options: { quick: { type: 'boolean', default: false } }, allowPositionals: true });
const unknown = positionals.filter((name) => !(name in SCENARIOS));
if (unknown.length) {
  process.stderr.write(`unknown scenario(s): ${unknown.join(', ')}; known: ${Object.keys(SCENARIOS).join(', ')}\n`);
  process.exit(64);
}
const chosen = positionals.length ? positionals : Object.keys(SCENARIOS);
const loads = values.quick ? CHAOS_LOADS.quick : CHAOS_LOADS.full;
const RESULTS_FILE = join(repoRoot, 'chaos-results.json');

const dataDir = mkdtempSync(join(tmpdir(), 'tasksensei-chaos-'));
const model = await new SlowModel().start();
const cluster = await ClusterStack.withFreePorts({
  dataDir,
  logLevel: 'warn',
  env: { ...CHAOS_CLUSTER_ENV, ...model.env() },
  onReady: (c) => process.stderr.write(`  ${c.name.padEnd(10)} pid ${String(c.pid).padEnd(8)} port ${c.port}  ${c.ms} ms\n`),
});

/** @type {Promise<void> | undefined} */
let stopping;
let stopped = false;
function cleanUp() {
  stopping ??= cluster.stop().finally(async () => {
    stopped = true;
    await model.stop();
    if (!process.env.KEEP_CHAOS_DATA) rmSync(dataDir, { recursive: true, force: true });
  });
  return stopping;
}
process.once('SIGINT', () => void cleanUp().finally(() => process.exit(130)));
process.once('SIGTERM', () => void cleanUp().finally(() => process.exit(143)));
process.on('exit', () => stopped || cluster.killAll());

const results = [];
try {
  process.stderr.write(`starting the cluster (data ${dataDir})...\n`);
  const started = Date.now();
  await cluster.start();
  process.stderr.write(`cluster up in ${Date.now() - started} ms\n`);
  for (const name of chosen) {
    process.stderr.write(`\n▶ ${name}\n`);
    const began = Date.now();
    const loadBefore = loadavg()[0];
    try {
      const result = await SCENARIOS[name](cluster, loads);
      results.push({
        ...result,
        held: result.violations.length === 0,
        durationMs: Date.now() - began,
        loadAverage: [loadBefore, loadavg()[0]],
      });
    } catch (error) {
      results.push({
        id: name,
        scenario: name,
        load: '-',
        fault: '-',
        mustHold: '-',
        measured: `scenario broke: ${error instanceof Error ? error.message : String(error)}`,
        figures: {},
        violations: ['the scenario could not run'],
        slow: [],
        held: false,
        durationMs: Date.now() - began,
      });
    }
    const last = results.at(-1);
    process.stderr.write(`  ${last.held ? 'held' : 'NOT HELD'}: ${last.measured}\n`);
  }
  process.stdout.write(`\n${formatTable(results)}\n`);
  const cores = availableParallelism();
  writeFileSync(
    RESULTS_FILE,
    `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cores, loadAverage: loadavg(), quick: values.quick, results }, null, 2)}\n`,
  );
  process.stdout.write(
    `\nresults written to ${RESULTS_FILE}; load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${cores} cores\n`,
  );
  if (results.some((r) => !r.held)) process.exitCode = 1;
} catch (error) {
  process.stderr.write(`chaos failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
