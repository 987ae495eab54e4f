/**
 * Chroma for the local stack. `chroma run` serves from native code that never gives the event
 * loop back, so it cannot watch for its stack going away itself: this small keeper runs it as
 * a child in the same process group and stops it on a signal or when the stack runner that
 * started us is gone, so a Chroma server never outlives its stack.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { exitWithParent, requiredArg } from './server-args.js';

const require = createRequire(import.meta.url);
const cli = join(dirname(require.resolve('chromadb')), '..', 'cli.mjs');
const chroma = spawn(
  process.execPath,
  [cli, 'run', '--path', requiredArg('--path'), '--port', requiredArg('--port'), '--host', '127.0.0.1'],
  {
    stdio: 'inherit',
    env: { ...process.env, NO_COLOR: '1', ANONYMIZED_TELEMETRY: 'False' },
  },
);
chroma.once('exit', (code, signal) => process.exit(code ?? (signal ? 128 : 1)));
exitWithParent(
  () =>
    new Promise<void>((resolve) => {
      if (chroma.exitCode !== null || chroma.signalCode !== null) return resolve();
      chroma.once('exit', () => resolve());
      chroma.kill('SIGTERM');
    }),
  () => chroma.kill('SIGKILL'),
);
