import { NatsRequester, UserAssertionSigner, UserAssertionVerifier, connectNats, createLogger } from '@tasksensei/platform';
import { JwksSource } from '../../services/gateway/dist/auth/jwks-source.js';
import { RevocationList } from '../../services/gateway/dist/auth/revocation-list.js';
import { TokenVerifier } from '../../services/gateway/dist/auth/token-verifier.js';
import { measure } from './load.mjs';
import { issueAccessToken } from './tokens.mjs';

const VERIFICATIONS = 20_000;

/**
 * What access-token verification costs at the gateway: the gateway's own TokenVerifier in this
 * process (JWKS fetched once over NATS, then cached), and req/s of the cheapest authenticated
 * route (GET /me) against the cheapest public one (GET /ping), neither touching NATS.
 * @param {import('@tasksensei/devstack').Stack} stack
 * @returns {Promise<import('./report.mjs').Section>}
 */
export async function benchAuth(stack) {
  const publicUrl = `http://localhost:${stack.ports.gateway}`;
  const token = await issueAccessToken(stack, 'bench-user');
  const cost = await verificationCost(stack, publicUrl, token);
  const assertion = await assertionCost(stack);

  const gatewayPid = stack.components.get('gateway')?.pid;
  const open = await measure(`${stack.gatewayUrl}/ping`, { pid: gatewayPid });
  const authed = await measure(`${stack.gatewayUrl}/me`, { pid: gatewayPid, headers: { authorization: `Bearer ${token}` } });
  return {
    id: 'auth',
    title: 'Access-token verification at the gateway',
    rows: [
      { label: 'GET /ping (no token)', url: `${stack.gatewayUrl}/ping`, ...open },
      { label: 'GET /me (ES256 bearer token verified)', url: `${stack.gatewayUrl}/me`, ...authed },
    ],
    ratio: { label: 'ratio authenticated/public (req/s)', value: authed.reqPerSec / open.reqPerSec },
    notes: [
      `TokenVerifier.verify, first sight of a token (ES256 signature, cached JWKS): ${cost.coldUs.toFixed(1)} µs`,
      `TokenVerifier.verify, the same token again (verified-token cache): ${cost.cachedUs.toFixed(2)} µs`,
      `user assertion (gateway -> service), EdDSA sign of a fresh one: ${assertion.signUs.toFixed(1)} µs; reused one: ${assertion.signCachedUs.toFixed(2)} µs`,
      `user assertion, verify at the service, first sight: ${assertion.verifyUs.toFixed(1)} µs; the same again (cache): ${assertion.verifyCachedUs.toFixed(2)} µs`,
    ],
    figures: { ...cost, assertion },
  };
}

async function verificationCost(stack, publicUrl, token) {
  const logger = createLogger('bench-auth', 'silent');
  const nc = await connectNats(stack.natsUrl, 'bench-auth', logger, { identity: 'gateway', seedFile: stack.seedFileOf('gateway') });
  try {
    const env = { PUBLIC_URL: publicUrl, API_AUDIENCE: 'urn:tasksensei:api', TOKEN_CLOCK_SKEW_SECONDS: 30 };
    const verifier = new TokenVerifier(new JwksSource(new NatsRequester(nc, 5_000), env), env, new RevocationList(logger));
    // The signature check itself (a token the verifier has not seen), then the cached path
    // every later request with the same token takes.
    const tokens = await Promise.all(Array.from({ length: 200 }, (_, i) => issueAccessToken(stack, `bench-user-${i}`)));
    for (const t of tokens.slice(0, 100)) await verifier.verify(t); // warm-up, JWKS fetched once
    let started = process.hrtime.bigint();
    for (const t of tokens.slice(100)) await verifier.verify(t);
    const coldUs = Number(process.hrtime.bigint() - started) / 1_000 / 100;
    started = process.hrtime.bigint();
    for (let i = 0; i < VERIFICATIONS; i++) await verifier.verify(token);
    return { coldUs, cachedUs: Number(process.hrtime.bigint() - started) / 1_000 / VERIFICATIONS };
  } finally {
    await nc.drain();
  }
}

/**
 * What proving the user on a hop costs: the gateway's UserAssertionSigner (a fresh EdDSA
 * signature, and the assertion it reuses for the same user, session and service) and a
 * service's UserAssertionVerifier (first sight, and its cache), with the stack's real key.
 * @param {import('@tasksensei/devstack').Stack} stack
 */
export async function assertionCost(stack, rounds = 2_000) {
  const signer = await UserAssertionSigner.fromJwkFile(stack.assertionKeys.signingKeyFile, 60);
  const verifier = new UserAssertionVerifier(JSON.parse(stack.assertionKeys.publicJwks), 'files');
  const users = Array.from({ length: rounds }, (_, i) => ({ sub: `bench-user-${i}`, sid: `s-${i}` }));
  for (const user of users.slice(0, 200)) await verifier.verify(await signer.sign(user, 'files')); // warm-up
  let started = process.hrtime.bigint();
  const tokens = [];
  for (const user of users) tokens.push(await signer.sign(user, 'users'));
  const signUs = Number(process.hrtime.bigint() - started) / 1_000 / rounds;
  started = process.hrtime.bigint();
  for (const user of users) await signer.sign(user, 'users');
  const signCachedUs = Number(process.hrtime.bigint() - started) / 1_000 / rounds;
  const usersVerifier = new UserAssertionVerifier(JSON.parse(stack.assertionKeys.publicJwks), 'users');
  started = process.hrtime.bigint();
  for (const token of tokens) await usersVerifier.verify(token);
  const verifyUs = Number(process.hrtime.bigint() - started) / 1_000 / rounds;
  started = process.hrtime.bigint();
  for (const token of tokens) await usersVerifier.verify(token);
  const verifyCachedUs = Number(process.hrtime.bigint() - started) / 1_000 / rounds;
  return { signUs, signCachedUs, verifyUs, verifyCachedUs };
}
