import { randomUUID } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { AuthError } from '@tasksensei/contracts';
import type { Dynamo } from '@tasksensei/platform';
import * as client from 'openid-client';
import type { AccountRepository } from '../accounts/account.repository.js';
import type { SignupUseCase } from '../accounts/signup.usecase.js';
import { normaliseEmail } from '../accounts/credentials-policy.js';
import type { Upstream } from './upstreams.js';

interface PendingFederation {
  readonly uid: string;
  readonly upstream: string;
  readonly codeVerifier: string;
  readonly nonce: string;
}

const STATE_TTL_SECONDS = 600;

/**
 * Social login: the built-in provider signs the user in through an upstream OpenID provider
 * (code + PKCE + nonce), then links the upstream identity to a TaskSensei account.
 */
export class FederationUseCase {
  private readonly configs = new Map<string, Promise<client.Configuration>>();
  private readonly table: string;

  constructor(
    private readonly upstreams: readonly Upstream[],
    private readonly callbackUrl: string,
    private readonly dynamo: Dynamo,
    private readonly accounts: AccountRepository,
    private readonly signup: SignupUseCase,
  ) {
    this.table = dynamo.table('oidc');
  }

  list(): readonly Upstream[] {
    return this.upstreams;
  }

  /** The upstream authorization URL for this interaction; state, verifier and nonce stay server-side. */
  async start(uid: string, upstreamId: string): Promise<string> {
    const upstream = this.find(upstreamId);
    const config = await this.configuration(upstream);
    const state = client.randomState();
    const pending: PendingFederation = { uid, upstream: upstream.id, codeVerifier: client.randomPKCECodeVerifier(), nonce: client.randomNonce() };
    await this.dynamo.doc.send(
      new PutCommand({ TableName: this.table, Item: { pk: `Federation:${state}`, pending, expiresAt: Math.floor(Date.now() / 1000) + STATE_TTL_SECONDS } }),
    );
    return client.buildAuthorizationUrl(config, {
      redirect_uri: this.callbackUrl,
      scope: upstream.scopes,
      state,
      nonce: pending.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
    }).href;
  }

  /** Which interaction a callback belongs to (the state is single-use and expires). */
  async interactionOf(state: string): Promise<string | undefined> {
    const { Item } = await this.dynamo.doc.send(new GetCommand({ TableName: this.table, Key: { pk: `Federation:${state}` }, ConsistentRead: true }));
    if (!Item || (Item.expiresAt as number) * 1000 < Date.now()) return undefined;
    return (Item.pending as PendingFederation).uid;
  }

  /** Completes the upstream code flow and returns the TaskSensei account id. */
  async complete(uid: string, callbackQuery: URLSearchParams): Promise<string> {
    const state = callbackQuery.get('state') ?? '';
    const key = { pk: `Federation:${state}` };
    const { Item } = await this.dynamo.doc.send(new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }));
    await this.dynamo.doc.send(new DeleteCommand({ TableName: this.table, Key: key }));
    const pending = Item?.pending as PendingFederation | undefined;
    if (!pending || pending.uid !== uid || (Item!.expiresAt as number) * 1000 < Date.now()) {
      throw new AuthError('FEDERATED_SIGN_IN_EXPIRED', 'This sign-in link has expired. Start again.');
    }
    const upstream = this.find(pending.upstream);
    const config = await this.configuration(upstream);
    const callback = new URL(this.callbackUrl);
    callbackQuery.forEach((value, name) => callback.searchParams.set(name, value));
    let claims: client.IDToken | undefined;
    try {
      const tokens = await client.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims();
    } catch {
      throw new AuthError('FEDERATED_SIGN_IN_FAILED', `${upstream.name} did not confirm the sign-in.`);
    }
    if (!claims?.sub) throw new AuthError('FEDERATED_SIGN_IN_FAILED', `${upstream.name} returned no identity.`);
    return this.accountFor(upstream, claims);
  }

  private async accountFor(upstream: Upstream, claims: client.IDToken): Promise<string> {
    const federatedId = `${upstream.id}|${claims.sub}`;
    const linked = await this.accounts.findByFederatedId(federatedId);
    if (linked) return linked.userId;
    const email = typeof claims.email === 'string' ? normaliseEmail(claims.email) : undefined;
    if (!email) throw new AuthError('FEDERATED_EMAIL_MISSING', `${upstream.name} did not share an email address.`);
    const existing = await this.accounts.findByEmail(email);
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
      await this.accounts.linkFederatedId(federatedId, existing.userId);
      return existing.userId;
    }
    const userId = randomUUID();
    const name = typeof claims.name === 'string' ? claims.name.slice(0, 100) : undefined;
    // The upstream vouching for the address is proof enough for an account it creates.
    const verified = claims.email_verified === true;
    await this.accounts.create({ userId, email, federatedId, ...(name ? { displayName: name } : {}), createdAt: new Date().toISOString(), ...(verified ? { emailVerified: true } : {}) });
    await this.accounts.linkFederatedId(federatedId, userId);
    await this.signup.announce(userId, email, name);
    if (verified) await this.signup.announceVerified(userId, email);
    return userId;
  }

  private find(id: string): Upstream {
    const upstream = this.upstreams.find((u) => u.id === id);
    if (!upstream) throw new AuthError('SIGN_IN_PROVIDER_NOT_FOUND', 'Unknown sign-in provider.');
    return upstream;
  }

  private configuration(upstream: Upstream): Promise<client.Configuration> {
    let config = this.configs.get(upstream.id);
    if (!config) {
      const insecure = new URL(upstream.issuer).protocol === 'http:';
      config = client
        .discovery(new URL(upstream.issuer), upstream.clientId, upstream.clientSecret, upstream.clientSecret ? client.ClientSecretPost(upstream.clientSecret) : client.None(), {
          ...(insecure ? { execute: [client.allowInsecureRequests] } : {}),
          timeout: 10,
        })
        .catch((error: unknown) => {
          this.configs.delete(upstream.id);
          throw error;
        });
      this.configs.set(upstream.id, config);
    }
    return config;
  }
}
