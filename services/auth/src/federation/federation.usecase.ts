import { randomUUID } from 'node:crypto';
import { AuthError } from '@tasksensei/contracts';
import { later, type Clock } from '@tasksensei/platform';
import * as client from 'openid-client';
import type { AccountRepository } from '../accounts/account.repository.js';
import { normaliseEmail } from '../accounts/credentials-policy.js';
import type { SignupUseCase } from '../sign-up/sign-up.usecase.js';
import type { FederationStateRepository, PendingFederation } from './federation-state.repository.js';
import type { UpstreamClaims, UpstreamClient } from './upstream-client.js';
import type { Upstream } from './upstreams.js';

const STATE_TTL_SECONDS = 600;

export interface FederationDeps {
  readonly upstreams: readonly Upstream[];
  /** The redirect URI registered at every upstream: PUBLIC_URL/oidc/federated/callback. */
  readonly callbackUrl: string;
  readonly states: FederationStateRepository;
  readonly upstreamClient: UpstreamClient;
  readonly accounts: Pick<AccountRepository, 'findByFederatedId' | 'findByEmail' | 'linkFederatedId' | 'create'>;
  readonly signup: Pick<SignupUseCase, 'announce' | 'announceVerified'>;
  readonly clock: Clock;
}

/**
 * Social login: the built-in provider signs the user in through an upstream OpenID provider
 * (code + PKCE + nonce), then links the upstream identity to a TaskSensei account.
 */
export class FederationUseCase {
  constructor(private readonly deps: FederationDeps) {}

  list(): readonly Upstream[] {
    return this.deps.upstreams;
  }

  /** The upstream authorization URL for this interaction; state, verifier and nonce stay server-side. */
  async start(uid: string, upstreamId: string): Promise<string> {
    const upstream = this.find(upstreamId);
    const state = client.randomState();
    const pending: PendingFederation = {
      uid,
      upstream: upstream.id,
      codeVerifier: client.randomPKCECodeVerifier(),
      nonce: client.randomNonce(),
    };
    await this.deps.states.save(state, { pending, expiresAt: later(this.deps.clock, STATE_TTL_SECONDS * 1000) });
    return this.deps.upstreamClient.authorizationUrl(upstream, {
      redirectUri: this.deps.callbackUrl,
      state,
      nonce: pending.nonce,
      codeChallenge: await client.calculatePKCECodeChallenge(pending.codeVerifier),
    });
  }

  /** Which interaction a callback belongs to (the state is single-use and expires). */
  async interactionOf(state: string): Promise<string | undefined> {
    const found = await this.deps.states.find(state);
    return found && !this.expired(found.expiresAt) ? found.pending.uid : undefined;
  }

  /** Completes the upstream code flow and returns the TaskSensei account id. */
  async complete(uid: string, callbackQuery: URLSearchParams): Promise<string> {
    const state = callbackQuery.get('state') ?? '';
    const found = await this.deps.states.take(state);
    const pending = found?.pending;
    if (!pending || pending.uid !== uid || this.expired(found.expiresAt)) {
      throw new AuthError('FEDERATED_SIGN_IN_EXPIRED', 'This sign-in link has expired. Start again.');
    }
    const upstream = this.find(pending.upstream);
    const callback = new URL(this.deps.callbackUrl);
    callbackQuery.forEach((value, name) => callback.searchParams.set(name, value));
    let claims: UpstreamClaims | undefined;
    try {
      claims = await this.deps.upstreamClient.redeem(upstream, callback, {
        codeVerifier: pending.codeVerifier,
        state,
        nonce: pending.nonce,
      });
    } catch {
      throw new AuthError('FEDERATED_SIGN_IN_FAILED', `${upstream.name} did not confirm the sign-in.`);
    }
    if (!claims?.sub) throw new AuthError('FEDERATED_SIGN_IN_FAILED', `${upstream.name} returned no identity.`);
    return this.accountFor(upstream, { ...claims, sub: claims.sub });
  }

  private expired(expiresAt: Date): boolean {
    return expiresAt.getTime() < this.deps.clock.now().getTime();
  }

  private async accountFor(upstream: Upstream, claims: UpstreamClaims & { sub: string }): Promise<string> {
    const federatedId = `${upstream.id}|${claims.sub}`;
    const linked = await this.deps.accounts.findByFederatedId(federatedId);
    if (linked) return linked.userId;
    const email = typeof claims.email === 'string' ? normaliseEmail(claims.email) : undefined;
    if (!email) throw new AuthError('FEDERATED_EMAIL_MISSING', `${upstream.name} did not share an email address.`);
    const existing = await this.deps.accounts.findByEmail(email);
    if (existing) {
      // Linking by email is only safe when both sides proved the address: the upstream vouches
      // for it, and our account's owner followed a link mailed to it. Otherwise whoever signed
      // up first with someone else's address (pre-hijack) would share the real owner's account.
      if (claims.email_verified !== true) {
        throw new AuthError('EXISTING_ACCOUNT_NOT_LINKED', 'An account with this email exists. Sign in with your password first.');
      }
      if (existing.emailVerified !== true) {
        throw new AuthError(
          'EXISTING_ACCOUNT_UNCONFIRMED',
          'An account with this email exists but its address is not confirmed yet. Confirm it from the mail we sent (or reset the password), then continue with this provider.',
        );
      }
      await this.deps.accounts.linkFederatedId(federatedId, existing.userId, this.deps.clock.now());
      return existing.userId;
    }
    const userId = randomUUID();
    const now = this.deps.clock.now();
    const name = typeof claims.name === 'string' ? claims.name.slice(0, 100) : undefined;
    // The upstream vouching for the address is proof enough for an account it creates.
    const verified = claims.email_verified === true;
    await this.deps.accounts.create({
      userId,
      email,
      federatedId,
      ...(name ? { displayName: name } : {}),
      createdAt: now.toISOString(),
      ...(verified ? { emailVerified: true } : {}),
    });
    await this.deps.accounts.linkFederatedId(federatedId, userId, now);
    await this.deps.signup.announce(userId, email, name);
    if (verified) await this.deps.signup.announceVerified(userId, email);
    return userId;
  }

  private find(id: string): Upstream {
    const upstream = this.deps.upstreams.find((u) => u.id === id);
    if (!upstream) throw new AuthError('SIGN_IN_PROVIDER_NOT_FOUND', 'Unknown sign-in provider.');
    return upstream;
  }
}
