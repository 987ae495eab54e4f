import { freePort, startService, type Component } from '@tasksensei/devstack';
import { testStack } from './test-stack.js';

/**
 * A gateway of a test's own on the run's bus and services (its NATS identity and user-assertion
 * key), on fresh ports, with `env` on top: how a test tries settings the shared gateway lacks.
 */
export async function startOwnGateway(logDir: string, env: Record<string, string>): Promise<Component> {
  const [httpPort, opsPort] = [await freePort(), await freePort()];
  return startService({
    name: 'gateway',
    env: {
      ...process.env,
      NATS_URL: testStack().natsUrl,
      NATS_NKEY_SEED_FILE: testStack().natsSeedFiles.gateway,
      USER_ASSERTION_SIGNING_KEY_FILE: testStack().assertionSigningKeyFile,
      PORT: String(httpPort),
      OPS_PORT: String(opsPort),
      LOG_LEVEL: 'warn',
      ...env,
    },
    opsPort,
    httpPort,
    logDir,
  });
}
