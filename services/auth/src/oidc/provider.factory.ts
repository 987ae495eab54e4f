import { createHmac } from 'node:crypto';
import type { Clock } from '@tasksensei/platform';
import Provider, { errors, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { AccountRepository } from '../accounts/account.repository.js';
import { BUILT_IN_CLIENT_ID, type AuthEnv } from '../config/auth.env.js';
import type { KeyFile } from '../keys/key-store.js';
import type { SessionRepository } from '../sessions/session.repository.js';
import { logoutPage, messagePage } from './views.js';

export interface ProviderDeps {
  readonly env: AuthEnv;
  readonly keys: KeyFile;
  readonly accounts: AccountRepository;
  readonly adapter: NonNullable<Configuration['adapter']>;
  readonly sessions: SessionRepository;
  readonly clock: Clock;
}

/**
 * The built-in OpenID provider: authorization code + PKCE (S256) only, one public first-party
 * client, JWT access tokens for the API audience, rotating refresh tokens (a reused one revokes
 * its grant), state in DynamoDB, keys from the key file.
 */
export function createProvider({ env, keys, accounts, adapter, sessions, clock }: ProviderDeps): Provider {
  const issuer = `${env.PUBLIC_URL}/oidc`;
  const redirectUris = env.OIDC_REDIRECT_URIS ?? [`${env.PUBLIC_URL}/callback`];
  const firstParty = new Set([BUILT_IN_CLIENT_ID]);
  const audience = env.API_AUDIENCE;

  const configuration: Configuration = {
    adapter,
    clients: [
      {
        client_id: BUILT_IN_CLIENT_ID,
        token_endpoint_auth_method: 'none',
        application_type: 'web',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: redirectUris,
        post_logout_redirect_uris: [env.PUBLIC_URL],
        id_token_signed_response_alg: 'ES256',
        // DELETE /account of an account without a password checks how fresh the sign-in is.
        require_auth_time: true,
      },
    ],
    jwks: { keys: keys.keys as never },
    cookies: { keys: keys.cookieKeys },
    pkce: { required: () => true },
    responseTypes: ['code'],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    conformIdTokenClaims: false,
    scopes: ['openid', 'email', 'profile', 'offline_access', 'api'],
    findAccount: async (_ctx, sub) => {
      const account = await accounts.findById(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        claims: () => ({
          sub,
          email: account.email,
          email_verified: account.emailVerified === true,
          ...(account.displayName ? { name: account.displayName } : {}),
        }),
      };
    },
    // First-party client: no consent screen; the grant is made here for what was asked.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const { client, session } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const grantId = ctx.oidc.result?.consent?.grantId ?? session.grantIdFor(client.clientId);
      const existing = grantId ? await ctx.oidc.provider.Grant.find(grantId) : undefined;
      if (existing || !firstParty.has(client.clientId)) return existing;
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope('openid email profile offline_access');
      grant.addResourceScope(audience, 'api');
      const sessionId = await grant.save();
      // A new grant is a new session (a device signing in): listed on the account page, revocable.
      await sessions.record({
        userId: session.accountId,
        sessionId,
        browserSessionId: session.jti,
        createdAt: clock.now().toISOString(),
        ...(ctx.get('user-agent') ? { userAgent: ctx.get('user-agent').slice(0, 300) } : {}),
      });
      return grant;
    },
    // Refresh tokens for the first-party client without the prompt=consent dance offline_access needs.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    expiresWithSession: async () => false,
    rotateRefreshToken: () => true,
    // The session (the grant: one sign-in on one device, across refresh rotations) in every access
    // token, so revoking it makes its tokens stop working at the gateway within seconds; the
    // account page marks "this device" with it.
    extraTokenClaims: async (_ctx, token) => (token.kind === 'AccessToken' && token.grantId ? { sid: token.grantId } : undefined),
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        // Own pages: the defaults load a web font from Google, and nothing may come from elsewhere.
        logoutSource: (ctx, form) => {
          ctx.set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'");
          ctx.type = 'html';
          ctx.body = logoutPage(form);
        },
        postLogoutSuccessSource: (ctx) => {
          ctx.type = 'html';
          ctx.body = messagePage('Signed out', 'You are signed out of TaskSensei.');
        },
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => audience,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource) => {
          if (resource !== audience) throw new errors.InvalidTarget();
          return {
            scope: 'api',
            audience,
            accessTokenTTL: env.ACCESS_TOKEN_TTL_SECONDS,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'ES256' } },
          };
        },
      },
    },
    ttl: {
      AccessToken: env.ACCESS_TOKEN_TTL_SECONDS,
      AuthorizationCode: 60,
      IdToken: 3_600,
      Interaction: 3_600,
      RefreshToken: env.REFRESH_TOKEN_TTL_SECONDS,
      Session: env.SESSION_TTL_SECONDS,
      Grant: env.REFRESH_TOKEN_TTL_SECONDS,
    },
    interactions: { url: (_ctx, interaction) => `/oidc/interaction/${interaction.uid}` },
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = messagePage('Sign-in problem', String(out.error_description ?? out.error ?? 'The request could not be completed.'));
    },
    enabledJWA: { idTokenSigningAlgValues: ['ES256'], requestObjectSigningAlgValues: ['ES256'] },
  };

  const provider = new Provider(issuer, configuration);
  // The gateway sets X-Forwarded-Proto/Host from PUBLIC_URL, so URLs and cookies come out right.
  provider.proxy = true;
  return provider;
}

/** Form token bound to one interaction, on top of the provider's interaction cookie. */
export function csrfToken(cookieKey: string, uid: string): string {
  return createHmac('sha256', cookieKey).update(`csrf:${uid}`).digest('base64url');
}
