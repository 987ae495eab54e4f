import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nkeys } from '@nats-io/transport-node';
import { NatsIdentities, type NatsIdentity, type NatsUserKey } from '@tasksensei/contracts';

export interface NatsCredentials {
  /** identity -> path of its seed file (mode 0600): what NATS_NKEY_SEED_FILE points at. */
  readonly seedFiles: Readonly<Record<NatsIdentity, string>>;
  readonly users: readonly NatsUserKey[];
}

/**
 * One nkey per identity under `dir` (`<identity>.nk`, mode 0600), created when missing and
 * reused after, so a restart keeps the same users.
 */
export function ensureNatsCredentials(dir: string): NatsCredentials {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const seedFiles = {} as Record<NatsIdentity, string>;
  const users: NatsUserKey[] = [];
  for (const identity of NatsIdentities) {
    const file = join(dir, `${identity}.nk`);
    if (!existsSync(file)) {
      const seed = new TextDecoder().decode(nkeys.createUser().getSeed());
      writeFileSync(file, `${seed}\n`, { mode: 0o600 });
    }
    chmodSync(file, 0o600);
    const pair = nkeys.fromSeed(new TextEncoder().encode(readFileSync(file, 'utf8').trim()));
    seedFiles[identity] = file;
    users.push({ identity, nkeys: [pair.getPublicKey()] });
  }
  return { seedFiles, users };
}
