// Starts the real stack once per test run: its own nats-server (JetStream, temp store),
// dynalite, s3rver and Chroma on free ports, then the compiled services and the gateway.
// NATS has the stack's users and permissions: tests connect as a service with test/support/nats.ts.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Stack, freePorts } from '@tasksensei/devstack';

export default async function globalSetup() {
  const dataDir = mkdtempSync(join(tmpdir(), 'tasksensei-test-'));
  const started = Date.now();
  // A short login lock so the brute-force test can watch it expire; the whole suite signs in
  // from one address, so the edge limit is raised (rate-limit.e2e starts a gateway with a low one).
  const stack = new Stack({
    dataDir,
    ports: await freePorts(),
    logLevel: 'debug',
    env: {
      LOGIN_LOCK_SECONDS: '3',
      OFFLINE_TOKEN_DELAY_MS: '10',
      RATE_LIMIT_SIGN_IN_PER_MINUTE: '10000',
      RATE_LIMIT_WEBHOOK_PER_MINUTE: '100000',
    },
  });
  await stack.start();
  globalThis.__TASKSENSEI_STACK__ = stack;
  process.env.TASKSENSEI_TEST_STACK = JSON.stringify({
    dataDir: stack.dataDir,
    logDir: stack.logDir,
    ports: stack.ports,
    natsUrl: stack.natsUrl,
    natsSeedFiles: stack.natsCredentials.seedFiles,
    assertionSigningKeyFile: stack.assertionKeys.signingKeyFile,
    assertionPublicJwks: stack.assertionKeys.publicJwks,
    gatewayUrl: stack.gatewayUrl,
    pids: Object.fromEntries([...stack.components].map(([name, c]) => [name, c.pid])),
  });
  process.stdout.write(`\nstack up in ${Date.now() - started} ms (data ${dataDir})\n`);
}
