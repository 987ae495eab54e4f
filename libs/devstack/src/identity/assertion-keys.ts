import { createPublicKey, generateKeyPairSync, randomUUID, type JsonWebKey } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface AssertionKeys {
  /** Private Ed25519 JWK (mode 0600): the gateway's USER_ASSERTION_SIGNING_KEY_FILE. */
  readonly signingKeyFile: string;
  /** The matching JWKS, JSON: the services' USER_ASSERTION_PUBLIC_KEYS. */
  readonly publicJwks: string;
}

/** The gateway's user-assertion key under `dir`, created once and reused on every start. */
export function ensureAssertionKeys(dir: string): AssertionKeys {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const signingKeyFile = join(dir, 'user-assertion-key.jwk.json');
  if (!existsSync(signingKeyFile)) {
    const { privateKey } = generateKeyPairSync('ed25519');
    const jwk = { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'EdDSA', use: 'sig' };
    writeFileSync(signingKeyFile, JSON.stringify(jwk), { mode: 0o600 });
  }
  chmodSync(signingKeyFile, 0o600);
  const jwk = JSON.parse(readFileSync(signingKeyFile, 'utf8')) as JsonWebKey & { kid: string };
  const publicJwk = createPublicKey({ key: jwk, format: 'jwk' }).export({ format: 'jwk' });
  return { signingKeyFile, publicJwks: JSON.stringify({ keys: [{ ...publicJwk, kid: jwk.kid, alg: 'EdDSA', use: 'sig' }] }) };
}
