import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '@tasksensei/platform';
import type { BillingEnv } from './billing.env.js';

/** Where the local stack keeps its generated secret (tests and the bench read it from there). */
export const localWebhookSecretFile = (dataDir: string) => join(dataDir, 'billing', 'stripe-webhook-secret');

/**
 * The webhook signing secret. With Stripe it is STRIPE_WEBHOOK_SECRET (required then). Without a
 * Stripe key, and without the variable, a random secret is generated once and kept under DATA_DIR,
 * so the local checkout page signs with a secret nobody else knows and a restart keeps it.
 */
export function resolveWebhookSecret(env: BillingEnv, logger: Logger): string {
  if (env.STRIPE_WEBHOOK_SECRET) return env.STRIPE_WEBHOOK_SECRET;
  const file = localWebhookSecretFile(env.DATA_DIR);
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const secret = `whsec_${randomBytes(32).toString('base64url')}`;
  mkdirSync(join(env.DATA_DIR, 'billing'), { recursive: true, mode: 0o700 });
  try {
    // `wx`: when two processes race, the second keeps the first one's secret.
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return readFileSync(file, 'utf8').trim();
  }
  logger.info({ file }, 'generated a local Stripe webhook signing secret');
  return secret;
}
