#!/usr/bin/env node
// `npm test`: everything a fresh clone needs, then every test.
//   1. Debian packages the tests start (nats-server) when missing;
//   2. npm packages when node_modules is missing or older than package-lock.json;
//   3. build (the e2e tests run the compiled services as separate processes, and the browser
//      tests the web client the gateway serves);
//   4. lint (Prettier's check of the formatting, type-aware ESLint, Nx module boundaries);
//   5. Jest: unit tests and e2e tests on real NATS, dynalite, s3rver and Chroma.
// Ends with one summary line "N passed, N failed" read from Jest's JSON report.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const jestArgs = process.argv.slice(2);

function run(label, command, args, env = {}) {
  process.stdout.write(`\n▶ ${label}\n`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    process.stderr.write(`✖ ${label} failed (exit ${result.status ?? result.signal}) after ${seconds} s\n`);
    return false;
  }
  process.stdout.write(`✔ ${label} (${seconds} s)\n`);
  return true;
}

function depsStale() {
  const marker = join(root, 'node_modules', '.package-lock.json');
  if (!existsSync(marker)) return true;
  return statSync(join(root, 'package-lock.json')).mtimeMs > statSync(marker).mtimeMs;
}

const ok =
  run('system packages', 'bash', [join(root, 'tools', 'ensure-system-deps.sh')]) &&
  (!depsStale() || run('npm ci', 'npm', ['ci', '--no-audit', '--no-fund'])) &&
  run('build', 'npm', ['run', 'build']) &&
  (process.env.SKIP_LINT === '1' || (run('format', 'npx', ['prettier', '--check', '.']) && run('lint', 'npx', ['eslint', '.']))) &&
  true;
if (!ok) process.exit(1);

const report = join(root, '.jest-results.json');
rmSync(report, { force: true });
// Jest, and so every service the e2e tests spawn (process.execPath), runs on the Node of the
// images: the root devDependency `node` (Node 22 from the npm registry), whatever node runs this.
const node = join(root, 'node_modules', '.bin', 'node');
const jest = join(root, 'node_modules', 'jest', 'bin', 'jest.js');
const passed = run(
  `jest on Node ${spawnSync(node, ['-v'], { encoding: 'utf8' }).stdout.trim()}`,
  node,
  [jest, '--json', `--outputFile=${report}`, ...jestArgs],
  {
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules --no-warnings=ExperimentalWarning`.trim(),
  },
);

if (existsSync(report)) {
  const results = JSON.parse(readFileSync(report, 'utf8'));
  const skipped = results.numPendingTests + results.numTodoTests;
  if (results.numTotalTests === 0) {
    process.stderr.write('no test ran\n');
    process.exit(1);
  }
  process.stdout.write(`\n${results.numPassedTests} passed, ${results.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
}
process.exit(passed ? 0 : 1);
