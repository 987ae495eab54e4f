import { randomBytes, scryptSync } from 'node:crypto';
import { hashPassword, needsRehash, verifyPassword } from './password-hasher.js';

/** The scheme stored before argon2id: scrypt N=2^15, r=8, p=1. */
function legacyScryptHash(password: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(password.normalize('NFKC'), salt, 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
  return ['scrypt', 2 ** 15, 8, 1, salt.toString('base64url'), key.toString('base64url')].join('$');
}

describe('password hashing', () => {
  it('hashes with argon2id at no less than OWASP minimum (19 MiB, 2 passes, 1 lane)', async () => {
    const encoded = await hashPassword('correct horse battery staple');
    const [, variant, , params] = encoded.split('$');
    expect(variant).toBe('argon2id');
    const { m, t, p } = Object.fromEntries(
      params!
        .split(',')
        .map((kv) => kv.split('='))
        .map(([k, v]) => [k, Number(v)]),
    ) as Record<string, number>;
    expect(m).toBeGreaterThanOrEqual(19_456);
    expect(t).toBeGreaterThanOrEqual(2);
    expect(p).toBe(1);
    expect(await verifyPassword('correct horse battery staple', encoded)).toBe(true);
    expect(await verifyPassword('correct horse battery stapler', encoded)).toBe(false);
    expect(needsRehash(encoded)).toBe(false);
  });

  it('still accepts an old scrypt hash and asks for it to be replaced', async () => {
    const old = legacyScryptHash('an old password of mine');
    expect(await verifyPassword('an old password of mine', old)).toBe(true);
    expect(await verifyPassword('not my old password', old)).toBe(false);
    expect(needsRehash(old)).toBe(true);
    expect(needsRehash('$argon2id$v=19$m=4096,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2g')).toBe(true);
  });
});
