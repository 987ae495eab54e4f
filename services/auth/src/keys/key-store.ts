import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import type { Clock } from '@tasksensei/platform';
import { z } from 'zod';

const KeyFileSchema = z.object({
  /** Private signing keys; the first signs, the rest stay published for verification. */
  keys: z.array(z.object({ kid: z.string(), kty: z.string(), alg: z.string() }).catchall(z.unknown())).min(1),
  /** Cookie signing keys of the provider; the first signs. */
  cookieKeys: z.array(z.string().min(32)).min(1),
});
export type KeyFile = z.infer<typeof KeyFileSchema>;

export const SIGNING_ALG = 'ES256';
const KEEP = 3;

/** The key id starts with its creation date, so operators see at a glance which key signs. */
async function newSigningKey(clock: Clock): Promise<JWK> {
  const { privateKey } = await generateKeyPair(SIGNING_ALG, { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: `${clock.now().toISOString().slice(0, 10)}-${randomBytes(6).toString('hex')}`, alg: SIGNING_ALG, use: 'sig' };
}

/**
 * Signing keys generated on first start and kept in one file (DATA_DIR locally; a mounted
 * Secret in Kubernetes, which is read-only, so there the file must already exist).
 */
export async function loadOrCreateKeys(file: string, clock: Clock): Promise<KeyFile> {
  if (existsSync(file)) return KeyFileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  const created: KeyFile = {
    keys: [(await newSigningKey(clock)) as KeyFile['keys'][number]],
    cookieKeys: [randomBytes(32).toString('base64url')],
  };
  writeKeys(file, created);
  return created;
}

/** Puts a new signing key first; the previous ones keep verifying tokens already issued. */
export async function rotateKeys(file: string, clock: Clock): Promise<KeyFile> {
  const current = await loadOrCreateKeys(file, clock);
  const rotated: KeyFile = {
    keys: [(await newSigningKey(clock)) as KeyFile['keys'][number], ...current.keys].slice(0, KEEP),
    cookieKeys: [randomBytes(32).toString('base64url'), ...current.cookieKeys].slice(0, KEEP),
  };
  writeKeys(file, rotated);
  return rotated;
}

function writeKeys(file: string, keys: KeyFile) {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(keys, null, 2), { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, file);
}

/** The public half of each key, for the gateway's verifier. */
export function publicJwks(keys: KeyFile): { keys: Record<string, unknown>[] } {
  return {
    keys: keys.keys.map((jwk) => {
      const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...rest } = jwk as Record<string, unknown>;
      return rest;
    }),
  };
}
