import { join } from 'node:path';
import { Module, type DynamicModule, type Provider as NestProvider, type Type } from '@nestjs/common';
import { DurableConsumers, UserDeletedEvent } from '@tasksensei/contracts';
import { consumerSpec, systemClock, type ProcessContext, durableConsumers, openDynamo } from '@tasksensei/platform';
import { AccountRepository } from './accounts/account.repository.js';
import { LoginThrottleRepository } from './accounts/login-throttle.repository.js';
import { SignInThrottle } from './accounts/sign-in-throttle.js';
import * as tokens from './auth.tokens.js';
import { ChangeEmailHandler } from './change-email/change-email.handler.js';
import { ChangeEmailUseCase } from './change-email/change-email.usecase.js';
import { ChangePasswordHandler } from './change-password/change-password.handler.js';
import { ChangePasswordUseCase } from './change-password/change-password.usecase.js';
import { ClientConfigHandler } from './client-config/client-config.handler.js';
import { GetClientConfigUseCase } from './client-config/get-client-config.usecase.js';
import { BUILT_IN_CLIENT_ID, type AuthEnv } from './config/auth.env.js';
import { AccountClosureRepository } from './delete-account/account-closure.repository.js';
import { DeleteAccountHandler } from './delete-account/delete-account.handler.js';
import { DeleteAccountUseCase } from './delete-account/delete-account.usecase.js';
import { IdTokenFreshSignIn, noFreshSignIn, type FreshSignInVerifier } from './delete-account/fresh-sign-in.js';
import { DynamoAuthErasureRepository } from './erase-account/auth-erasure.repository.js';
import { EraseAccountUseCase } from './erase-account/erase-account.usecase.js';
import { ExchangeHandler } from './exchange/exchange.handler.js';
import { ExchangeUseCase } from './exchange/exchange.usecase.js';
import { DynamoFederationStateRepository } from './federation/federation-state.repository.js';
import { FederationUseCase } from './federation/federation.usecase.js';
import { OpenIdUpstreamClient } from './federation/upstream-client.js';
import { ForgotPasswordHandler } from './forgot-password/forgot-password.handler.js';
import { ForgotPasswordUseCase } from './forgot-password/forgot-password.usecase.js';
import { GetJwksUseCase } from './jwks/get-jwks.usecase.js';
import { JwksHandler } from './jwks/jwks.handler.js';
import { loadOrCreateKeys, publicJwks } from './keys/key-store.js';
import { LoginUseCase } from './login/login.usecase.js';
import { MailLinkRepository } from './mail-links/mail-link.repository.js';
import { MailQueue } from './mail/mail-queue.js';
import type { MailSender } from './mail/mail.port.js';
import { SesMailSender } from './mail/ses-mail.sender.js';
import { SmtpMailSender } from './mail/smtp-mail.sender.js';
import { AuthHttpHandler } from './oidc/auth-http.handler.js';
import { dynamoAdapterFactory } from './oidc/dynamo.adapter.js';
import { interactionMiddleware } from './oidc/interactions.js';
import { ProviderHttp } from './oidc/provider-http.js';
import { createProvider } from './oidc/provider.factory.js';
import { RefreshGraceRepository } from './refresh/refresh-grace.repository.js';
import { RefreshHandler } from './refresh/refresh.handler.js';
import { RefreshUseCase } from './refresh/refresh.usecase.js';
import { ResetPasswordHandler } from './reset-password/reset-password.handler.js';
import { ResetPasswordUseCase } from './reset-password/reset-password.usecase.js';
import { RevokeHandler } from './revoke/revoke.handler.js';
import { RevokeUseCase } from './revoke/revoke.usecase.js';
import { revokeSessionsOfEndedGrants } from './sessions/grant-revoked.listener.js';
import { KvRevocationStore } from './sessions/revocation.store.js';
import { SessionRevocations } from './sessions/session-revocations.js';
import { SessionRevoker } from './sessions/session-revoker.js';
import { SessionRepository } from './sessions/session.repository.js';
import { SessionsHandler } from './sessions/sessions.handler.js';
import { SessionsUseCase } from './sessions/sessions.usecase.js';
import { SignupHandler } from './sign-up/sign-up.handler.js';
import { SignupUseCase } from './sign-up/sign-up.usecase.js';
import { authTables } from './storage/tables.js';
import { OidcClient } from './tokens/oidc-client.js';
import { SessionUse } from './tokens/session-use.js';
import { OidcTokenEndpoint } from './tokens/token-endpoint.js';
import { MfaPendingRepository } from './totp/mfa-pending.repository.js';
import { TotpHandler } from './totp/totp.handler.js';
import { TotpUseCase } from './totp/totp.usecase.js';
import { SendVerification } from './verify-email/send-verification.js';
import { VerifyEmailHandler } from './verify-email/verify-email.handler.js';
import { ResendVerificationUseCase, VerifyEmailUseCase } from './verify-email/verify-email.usecase.js';

/**
 * Wiring only: every use case is built with its deps object and provided under its token from
 * `auth.tokens.ts`. With an external issuer (OIDC_ISSUER_URL) only the token exchange, refresh,
 * revoke, sign-up announcement and account deletion are here; the built-in issuer adds the rest.
 */
@Module({})
export class AuthModule {
  static async forRoot(context: ProcessContext<AuthEnv>): Promise<DynamicModule> {
    const { env, logger, publisher } = context;
    const clock = systemClock;
    const dynamo = await openDynamo(context, authTables);

    const accounts = new AccountRepository({ dynamo });
    const grace = new RefreshGraceRepository({ dynamo, graceSeconds: env.REFRESH_GRACE_SECONDS, clock });
    const throttleStore = new LoginThrottleRepository({ dynamo, clock });
    const controllers: Type[] = [ClientConfigHandler, ExchangeHandler, RefreshHandler, RevokeHandler, DeleteAccountHandler];
    // Entries outlive every access token they could refuse (its lifetime plus the gateway's skew).
    const revocationStore = await KvRevocationStore.open(context.nc, env.ACCESS_TOKEN_TTL_SECONDS + 60, env.JETSTREAM_REPLICAS);
    const revocations = new SessionRevocations({ store: revocationStore, clock });
    const providers: NestProvider[] = [{ provide: tokens.GET_CLIENT_CONFIG, useValue: new GetClientConfigUseCase({ env }) }];
    let sessions: SessionRepository | undefined;
    // The one way sessions end; with an external issuer no grant is here to end, but the broadcast still cuts its access tokens.
    let revoker = new SessionRevoker({ revocations });

    let oidc: OidcClient;
    let freshSignIn: FreshSignInVerifier = noFreshSignIn;
    if (env.OIDC_ISSUER_URL) {
      providers.push({ provide: tokens.SIGN_UP, useValue: new SignupUseCase({ accounts, publisher, clock }) });
      // Cognito or another issuer: it owns sign-up and login; we only run the code flow against it.
      oidc = new OidcClient({ issuer: env.OIDC_ISSUER_URL, clientId: env.OIDC_CLIENT_ID! });
    } else {
      const keys = await loadOrCreateKeys(env.OIDC_KEYS_FILE ?? join(env.DATA_DIR, 'auth', 'keys.json'), clock);
      const adapter = dynamoAdapterFactory({ dynamo, clock });
      sessions = new SessionRepository({ dynamo, ttlSeconds: env.REFRESH_TOKEN_TTL_SECONDS, clock });
      const provider = createProvider({ env, keys, accounts, adapter, sessions, clock });
      const throttle = new SignInThrottle({
        store: throttleStore,
        policy: {
          pair: { maxFailures: env.LOGIN_MAX_FAILURES, windowSeconds: env.LOGIN_WINDOW_SECONDS, lockSeconds: env.LOGIN_LOCK_SECONDS },
          address: { maxFailures: env.LOGIN_IP_MAX_FAILURES, windowSeconds: env.LOGIN_WINDOW_SECONDS, lockSeconds: env.LOGIN_LOCK_SECONDS },
          accountDelayAfter: env.LOGIN_ACCOUNT_DELAY_AFTER,
          accountDelayMaxMs: env.LOGIN_ACCOUNT_DELAY_MAX_MS,
        },
        clock,
      });
      const login = new LoginUseCase({ accounts, throttle });

      const sender: MailSender = env.SMTP_URL
        ? new SmtpMailSender({ url: env.SMTP_URL, from: env.MAIL_FROM })
        : new SesMailSender({
            region: env.AWS_REGION,
            from: env.MAIL_FROM,
            ...(env.SES_CONFIGURATION_SET ? { configurationSet: env.SES_CONFIGURATION_SET } : {}),
          });
      const mail = new MailQueue({ sender, logger, clock });
      const links = new MailLinkRepository({ dynamo });
      const verification = new SendVerification({ links, mail, publicUrl: env.PUBLIC_URL });
      const signup = new SignupUseCase({ accounts, publisher, verification, clock });
      revoker = new SessionRevoker({ adapter, sessions, revocations });
      providers.push(
        { provide: tokens.SIGN_UP, useValue: signup },
        { provide: tokens.VERIFY_EMAIL, useValue: new VerifyEmailUseCase({ accounts, links, publisher, clock, mail }) },
        { provide: tokens.RESEND_VERIFICATION, useValue: new ResendVerificationUseCase({ accounts, verification, clock }) },
        { provide: tokens.CHANGE_EMAIL, useValue: new ChangeEmailUseCase({ accounts, verification, clock }) },
        {
          provide: tokens.FORGOT_PASSWORD,
          useValue: new ForgotPasswordUseCase({ accounts, links, throttle: throttleStore, mail, publicUrl: env.PUBLIC_URL, clock, logger }),
        },
        { provide: tokens.RESET_PASSWORD, useValue: new ResetPasswordUseCase({ accounts, links, revoker, publisher, clock }) },
        { provide: tokens.CHANGE_PASSWORD, useValue: new ChangePasswordUseCase({ accounts, throttle, revoker, mail, clock }) },
        { provide: tokens.TOTP, useValue: new TotpUseCase({ accounts, throttle, mail, clock }) },
        { provide: tokens.SESSIONS, useValue: new SessionsUseCase({ sessions, revoker, adapter }) },
      );
      controllers.push(
        VerifyEmailHandler,
        ChangeEmailHandler,
        ForgotPasswordHandler,
        ResetPasswordHandler,
        ChangePasswordHandler,
        TotpHandler,
        SessionsHandler,
      );

      const federation = new FederationUseCase({
        upstreams: env.OIDC_UPSTREAMS,
        callbackUrl: `${env.PUBLIC_URL}/oidc/federated/callback`,
        states: new DynamoFederationStateRepository({ dynamo }),
        upstreamClient: new OpenIdUpstreamClient(),
        accounts,
        signup,
        clock,
      });
      const mfaPending = new MfaPendingRepository({ dynamo, clock });
      provider.use(
        interactionMiddleware({
          provider,
          login,
          signup,
          federation,
          accounts,
          mfaPending,
          throttle,
          cookieKey: keys.cookieKeys[0]!,
          logger,
        }),
      );
      provider.on('server_error', (_ctx, error) => logger.error({ err: error }, 'oidc provider error'));
      revokeSessionsOfEndedGrants({ provider, revocations, logger });
      freshSignIn = new IdTokenFreshSignIn({
        jwks: publicJwks(keys),
        issuer: `${env.PUBLIC_URL}/oidc`,
        clientId: BUILT_IN_CLIENT_ID,
        maxAgeSeconds: env.ACCOUNT_DELETE_FRESH_SIGN_IN_SECONDS,
      });
      const http = new ProviderHttp({ provider, publicUrl: new URL(env.PUBLIC_URL) });
      oidc = new OidcClient({ issuer: `${env.PUBLIC_URL}/oidc`, clientId: BUILT_IN_CLIENT_ID, fetch: http.fetch });
      controllers.push(AuthHttpHandler, SignupHandler, JwksHandler);
      providers.push(
        { provide: tokens.PROVIDER_HTTP, useValue: http },
        { provide: tokens.GET_JWKS, useValue: new GetJwksUseCase({ jwks: publicJwks(keys) }) },
      );
    }
    const tokenEndpoint = new OidcTokenEndpoint({ oidc });
    const sessionUse = new SessionUse({ ...(sessions ? { sessions } : {}), clock });
    providers.push(
      { provide: tokens.EXCHANGE, useValue: new ExchangeUseCase({ tokens: tokenEndpoint, sessionUse }) },
      { provide: tokens.REFRESH, useValue: new RefreshUseCase({ tokens: tokenEndpoint, grace, sessionUse, clock }) },
      { provide: tokens.REVOKE, useValue: new RevokeUseCase({ tokens: tokenEndpoint }) },
    );

    // Account deletion (issue 14): DELETE /account closes the account; user.deleted erases it.
    const closing = new DeleteAccountUseCase({
      accounts: new AccountClosureRepository({ dynamo }),
      throttle: throttleStore,
      throttlePolicy: { maxFailures: env.LOGIN_MAX_FAILURES, windowSeconds: env.LOGIN_WINDOW_SECONDS, lockSeconds: env.LOGIN_LOCK_SECONDS },
      freshSignIn,
      publisher,
      clock,
      sessions: revoker,
    });
    const erase = new EraseAccountUseCase({
      store: new DynamoAuthErasureRepository({ dynamo, grace, loginWindowSeconds: env.LOGIN_WINDOW_SECONDS, clock }),
      logger,
    });
    providers.push(
      { provide: tokens.DELETE_ACCOUNT, useValue: closing },
      durableConsumers(context, [consumerSpec(DurableConsumers.authUserDeleted, UserDeletedEvent, (event) => erase.execute(event))]),
    );
    return { module: AuthModule, controllers, providers };
  }
}
