import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT, importJWK } from 'jose';

/**
 * An access token exactly as the stack's built-in issuer signs them (its own key from DATA_DIR),
 * so benches need no login round trips. Only for the throwaway bench stack.
 * @param {import('@tasksensei/devstack').Stack} stack
 * @param {string} subject
 */
export async function issueAccessToken(stack, subject) {
  const { keys } = JSON.parse(readFileSync(join(stack.dataDir, 'auth', 'keys.json'), 'utf8'));
  const key = keys[0];
  return new SignJWT({ client_id: 'tasksensei-web', scope: 'api' })
    .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'at+jwt' })
    .setIssuer(`http://localhost:${stack.ports.gateway}/oidc`)
    .setAudience('urn:tasksensei:api')
    .setSubject(subject)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(await importJWK(key, 'ES256'));
}
