import { createHash } from 'node:crypto';
import { ErrorCode } from '@tasksensei/contracts';
import { TestClock } from '@tasksensei/platform';
import { InMemoryAccountRepository } from '../accounts/in-memory.account.repository.js';
import { SignupUseCase } from '../sign-up/sign-up.usecase.js';
import { InMemoryEventPublisher } from '../testing/in-memory.event-publisher.js';
import { FederationUseCase } from './federation.usecase.js';
import { InMemoryFederationStateRepository } from './in-memory.federation-state.repository.js';
import type { UpstreamClaims, UpstreamClient } from './upstream-client.js';
import type { Upstream } from './upstreams.js';

const CALLBACK = 'http://localhost:8080/oidc/federated/callback';
const google: Upstream = {
  id: 'google',
  name: 'Google',
  issuer: 'https://accounts.example',
  clientId: 'tasksensei',
  scopes: 'openid email profile',
};

/**
 * An upstream that redeems a code only with the PKCE verifier, state and nonce of the authorization
 * request it was issued for, for whoever is signed in there.
 */
class FakeUpstream implements UpstreamClient {
  user: UpstreamClaims = { sub: 'google-1', email: 'ada@example.com', email_verified: true, name: 'Ada' };
  private readonly requests = new Map<string, { state: string; nonce: string; codeChallenge: string }>();

  authorizationUrl(
    _upstream: Upstream,
    params: { redirectUri: string; state: string; nonce: string; codeChallenge: string },
  ): Promise<string> {
    this.requests.set(params.state, params);
    return Promise.resolve(
      `https://accounts.example/authorize?${new URLSearchParams({ redirect_uri: params.redirectUri, state: params.state })}`,
    );
  }

  /** What the upstream redirects the browser back with. */
  callbackFor(authorizationUrl: string): URLSearchParams {
    const state = new URL(authorizationUrl).searchParams.get('state')!;
    return new URLSearchParams({ code: `code-for-${state}`, state });
  }

  redeem(
    _upstream: Upstream,
    callback: URL,
    checks: { codeVerifier: string; state: string; nonce: string },
  ): Promise<UpstreamClaims | undefined> {
    const request = this.requests.get(checks.state);
    const challenge = createHash('sha256').update(checks.codeVerifier).digest('base64url');
    const valid =
      request &&
      callback.searchParams.get('code') === `code-for-${checks.state}` &&
      request.nonce === checks.nonce &&
      request.codeChallenge === challenge;
    return valid ? Promise.resolve(this.user) : Promise.reject(new Error('invalid_grant'));
  }
}

function setup() {
  const clock = new TestClock('2026-11-29T12:00:00Z');
  const accounts = new InMemoryAccountRepository();
  const publisher = new InMemoryEventPublisher();
  const upstream = new FakeUpstream();
  const states = new InMemoryFederationStateRepository();
  const federation = new FederationUseCase({
    upstreams: [google],
    callbackUrl: CALLBACK,
    states,
    upstreamClient: upstream,
    accounts,
    signup: new SignupUseCase({ accounts, publisher, clock }),
    clock,
  });
  /** The browser's round trip: start, then the upstream's callback. */
  const signIn = async (uid = 'interaction-1') => federation.complete(uid, upstream.callbackFor(await federation.start(uid, 'google')));
  return { clock, accounts, publisher, upstream, federation, signIn };
}

const failure = (code: ErrorCode) => expect.objectContaining({ code });

describe('federation', () => {
  it('creates a verified account for a new upstream identity, links it, and announces both', async () => {
    const { accounts, publisher, signIn } = setup();
    const userId = await signIn();

    expect(await accounts.findById(userId)).toEqual(
      expect.objectContaining({
        email: 'ada@example.com',
        displayName: 'Ada',
        federatedId: 'google|google-1',
        emailVerified: true,
        createdAt: '2026-11-29T12:00:00.000Z',
      }),
    );
    expect(accounts.linkedAt('google|google-1')?.toISOString()).toBe('2026-11-29T12:00:00.000Z');
    expect(publisher.events.map((e) => e.event.type)).toEqual(['user.registered', 'user.email-verified']);
  });

  it('signs the same upstream identity into the same account next time', async () => {
    const { publisher, signIn } = setup();
    const first = await signIn('interaction-1');
    await expect(signIn('interaction-2')).resolves.toBe(first);
    expect(publisher.ofType('user.registered')).toHaveLength(1);
  });

  it('links an existing account by email only when both sides proved the address', async () => {
    const { clock, accounts, upstream, signIn } = setup();
    await accounts.create({ userId: 'u-unverified', email: 'ada@example.com', createdAt: clock.now().toISOString() });
    await expect(signIn()).rejects.toEqual(failure(ErrorCode.Conflict));

    await accounts.update('u-unverified', { emailVerified: true });
    upstream.user = { ...upstream.user, email_verified: false };
    await expect(signIn()).rejects.toEqual(failure(ErrorCode.Conflict));

    upstream.user = { ...upstream.user, email_verified: true };
    clock.advance(60_000);
    await expect(signIn()).resolves.toBe('u-unverified');
    expect(accounts.linkedAt('google|google-1')?.toISOString()).toBe('2026-11-29T12:01:00.000Z');
  });

  it('knows which interaction a callback belongs to until the state expires after ten minutes', async () => {
    const { clock, upstream, federation } = setup();
    const { state } = Object.fromEntries(upstream.callbackFor(await federation.start('interaction-1', 'google')));
    await expect(federation.interactionOf(state!)).resolves.toBe('interaction-1');
    clock.advance(600_000);
    await expect(federation.interactionOf(state!)).resolves.toBe('interaction-1');
    clock.advance(1_000);
    await expect(federation.interactionOf(state!)).resolves.toBeUndefined();
  });

  it('refuses an expired state, a state of another interaction, and a state used once already', async () => {
    const { clock, upstream, federation } = setup();
    const expired = upstream.callbackFor(await federation.start('interaction-1', 'google'));
    clock.advance(601_000);
    await expect(federation.complete('interaction-1', expired)).rejects.toEqual(failure(ErrorCode.ValidationFailed));

    const other = upstream.callbackFor(await federation.start('interaction-2', 'google'));
    await expect(federation.complete('interaction-3', other)).rejects.toEqual(failure(ErrorCode.ValidationFailed));

    const once = upstream.callbackFor(await federation.start('interaction-4', 'google'));
    await federation.complete('interaction-4', once);
    await expect(federation.complete('interaction-4', once)).rejects.toEqual(failure(ErrorCode.ValidationFailed));
  });

  it('refuses when the upstream does not confirm the sign-in, shares no identity or no email, or is unknown', async () => {
    const { upstream, federation, signIn } = setup();
    const forged = upstream.callbackFor(await federation.start('interaction-1', 'google'));
    forged.set('code', 'stolen-code');
    await expect(federation.complete('interaction-1', forged)).rejects.toEqual(failure(ErrorCode.Unauthenticated));

    upstream.user = { email: 'ada@example.com' };
    await expect(signIn()).rejects.toEqual(failure(ErrorCode.Unauthenticated));
    upstream.user = { sub: 'google-2' };
    await expect(signIn()).rejects.toEqual(failure(ErrorCode.ValidationFailed));
    await expect(federation.start('interaction-1', 'myspace')).rejects.toEqual(failure(ErrorCode.NotFound));
  });
});
