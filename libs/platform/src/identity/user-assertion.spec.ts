import { generateKeyPairSync } from 'node:crypto';
import { importJWK, type CryptoKey, type JSONWebKeySet } from 'jose';
import { InvalidAssertionError, UserAssertionSigner, UserAssertionVerifier } from './user-assertion.js';

async function keyPair(kid: string) {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const key = (await importJWK({ ...privateKey.export({ format: 'jwk' }) }, 'EdDSA')) as CryptoKey;
  return { key, jwks: { keys: [{ ...publicKey.export({ format: 'jwk' }), kid }] } as JSONWebKeySet };
}

describe('user assertions', () => {
  const now = 1_800_000_000;
  const clock = () => now;

  it('verifies an assertion for its audience, with the session', async () => {
    const { key, jwks } = await keyPair('k1');
    const token = await new UserAssertionSigner(key, 'k1', 60, clock).sign({ sub: 'u1', sid: 's1' }, 'files');
    await expect(new UserAssertionVerifier(jwks, 'files', clock).verify(token)).resolves.toEqual({ sub: 'u1', sid: 's1' });
  });

  it('refuses another audience, another key, and an expired assertion', async () => {
    const { key, jwks } = await keyPair('k1');
    const other = await keyPair('k1');
    const token = await new UserAssertionSigner(key, 'k1', 60, clock).sign({ sub: 'u1' }, 'files');
    await expect(new UserAssertionVerifier(jwks, 'users', clock).verify(token)).rejects.toBeInstanceOf(InvalidAssertionError);
    await expect(new UserAssertionVerifier(other.jwks, 'files', clock).verify(token)).rejects.toBeInstanceOf(InvalidAssertionError);
    await expect(new UserAssertionVerifier(jwks, 'files', () => now + 120).verify(token)).rejects.toBeInstanceOf(InvalidAssertionError);
  });

  it('does not serve a cached verification past the expiry', async () => {
    const { key, jwks } = await keyPair('k1');
    let t = now;
    const verifier = new UserAssertionVerifier(jwks, 'files', () => t, 0);
    const token = await new UserAssertionSigner(key, 'k1', 30, clock).sign({ sub: 'u1' }, 'files');
    await expect(verifier.verify(token)).resolves.toEqual({ sub: 'u1' });
    t = now + 31;
    await expect(verifier.verify(token)).rejects.toBeInstanceOf(InvalidAssertionError);
  });

  it('reuses an assertion for half its lifetime, and not for another session', async () => {
    const { key } = await keyPair('k1');
    let t = now;
    const signer = new UserAssertionSigner(key, 'k1', 60, () => t);
    const first = await signer.sign({ sub: 'u1', sid: 's1' }, 'files');
    expect(await signer.sign({ sub: 'u1', sid: 's1' }, 'files')).toBe(first);
    expect(await signer.sign({ sub: 'u1', sid: 's2' }, 'files')).not.toBe(first);
    t = now + 31;
    expect(await signer.sign({ sub: 'u1', sid: 's1' }, 'files')).not.toBe(first);
  });
});
