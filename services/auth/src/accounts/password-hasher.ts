import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/**
 * argon2id at OWASP's current minimum (m=19 MiB, t=2, p=1). Hashes of the earlier scheme
 * (`scrypt$N$r$p$salt$hash`, N=2^15) still verify, and `needsRehash` says when a successful
 * sign-in should replace them.
 */
/** `algorithm: 2` is Argon2id (the package's const enum cannot be imported under isolatedModules). */
const ARGON2 = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export async function hashPassword(password: string): Promise<string> {
  return hash(password.normalize('NFKC'), ARGON2);
}

export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  if (encoded.startsWith('$argon2')) {
    try {
      return await verify(encoded, password.normalize('NFKC'));
    } catch {
      return false;
    }
  }
  return verifyScrypt(password, encoded);
}

/** True for any hash weaker than the current parameters (the old scrypt scheme, lower argon2 costs). */
export function needsRehash(encoded: string): boolean {
  const match = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(encoded);
  if (!match) return true;
  return Number(match[1]) < ARGON2.memoryCost || Number(match[2]) < ARGON2.timeCost;
}

const scrypt = (password: string, salt: Buffer, keylen: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => scryptCallback(password, salt, keylen, options, (e, key) => (e ? reject(e) : resolve(key))));

async function verifyScrypt(password: string, encoded: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hashed] = encoded.split('$');
  if (scheme !== 'scrypt' || !salt || !hashed) return false;
  const expected = Buffer.from(hashed, 'base64url');
  const key = await scrypt(password.normalize('NFKC'), Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: 256 * 1024 * 1024,
  });
  return timingSafeEqual(key, expected);
}

/** Verified against when an account does not exist, so the answer takes the same time. */
export const DUMMY_HASH = await hashPassword(randomBytes(16).toString('hex'));
