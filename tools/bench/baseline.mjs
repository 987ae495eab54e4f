import { fork } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { LOCAL_S3_ACCESS_KEY, LOCAL_S3_SECRET_KEY, S3_BUCKET } from '@tasksensei/devstack';

/**
 * Forks baseline-server.mjs (every baseline of the bench in one process) with the stack's
 * endpoints and keys, and waits for its port.
 * @param {import('@tasksensei/devstack').Stack} stack
 */
export async function startBaseline(stack) {
  const child = fork(new URL('./baseline-server.mjs', import.meta.url), {
    execArgv: [...(stack.options.nodeArgs ?? []), '--enable-source-maps'],
    env: {
      ...process.env,
      NATS_URL: stack.natsUrl,
      NATS_NKEY_SEED_FILE: stack.seedFileOf('gateway'),
      FILES_NKEY_SEED_FILE: stack.seedFileOf('files'),
      ASSERTION_SIGNING_KEY_FILE: stack.assertionKeys.signingKeyFile,
      AUTH_KEYS_FILE: join(stack.dataDir, 'auth', 'keys.json'),
      ISSUER: `http://localhost:${stack.ports.gateway}/oidc`,
      DYNAMODB_ENDPOINT: `http://127.0.0.1:${stack.ports.dynamodb}`,
      S3_ENDPOINT: `http://127.0.0.1:${stack.ports.s3}`,
      S3_BUCKET,
      S3_ACCESS_KEY: LOCAL_S3_ACCESS_KEY,
      S3_SECRET_KEY: LOCAL_S3_SECRET_KEY,
    },
  });
  const exited = once(child, 'exit');
  /** @type {{ port: number }} */
  const message = await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the baseline server exited with code ${code} before listening`)));
  });
  return {
    url: `http://127.0.0.1:${message.port}`,
    pid: /** @type {number} */ (child.pid),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      child.disconnect();
      await exited;
      clearTimeout(timer);
    },
  };
}
