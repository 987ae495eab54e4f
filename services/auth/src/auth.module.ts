import { join } from 'node:path';
import { Module, type DynamicModule, type Provider as NestProvider, type Type } from '@nestjs/common';
import { DurableConsumers, UserDeletedEvent } from '@tasksensei/contracts';
import { DurableConsumerSet, consumerSpec, createDynamo, dynamoCheck, ensureTables, type ProcessContext } from '@tasksensei/platform';
import { AccountRepository } from './accounts/account.repository.js';
import { LoginThrottleRepository } from './accounts/login-throttle.repository.js';
import { LoginUseCase } from './accounts/login.usecase.js';
import { SignInThrottle } from './accounts/sign-in-throttle.js';
import { SignupUseCase } from './accounts/signup.usecase.js';
import { PUBLIC_JWKS } from './auth.tokens.js';
import { ClientConfigHandler } from './client-config/client-config.handler.js';
import { BUILT_IN_CLIENT_ID, type AuthEnv } from './config/auth.env.js';
import { AuthHttpHandler } from './handlers/auth-http.handler.js';
import { JwksHandler } from './handlers/jwks.handler.js';
import { SignupHandler } from './handlers/signup.handler.js';
import { TokensHandler } from './handlers/tokens.handler.js';
import { AccountClosureRepository } from './delete-account/account-closure.repository.js';
import { DeleteAccountHandler } from './delete-account/delete-account.handler.js';
import { DeleteAccountUseCase } from './delete-account/delete-account.usecase.js';
import { IdTokenFreshSignIn, noFreshSignIn, type FreshSignInVerifier } from './delete-account/fresh-sign-in.js';
import { DynamoAuthErasureRepository } from './erase-account/auth-erasure.repository.js';
import { EraseAccountUseCase } from './erase-account/erase-account.usecase.js';
import { FederationUseCase } from './federation/federation.usecase.js';
import { loadOrCreateKeys, publicJwks } from './keys/key-store.js';
import { dynamoAdapterFactory } from './oidc/dynamo.adapter.js';
import { interactionMiddleware } from './oidc/interactions.js';
import { createProvider } from './oidc/provider.factory.js';
import { ProviderHttp } from './oidc/provider-http.js';
import { authTables } from './storage/tables.js';
import { OidcClient } from './tokens/oidc-client.js';
import { RefreshGraceRepository } from './tokens/refresh-grace.repository.js';
import { TokenUseCases } from './tokens/token.usecases.js';
import { ChangeEmailHandler } from './change-email/change-email.handler.js';
import { ChangeEmailUseCase } from './change-email/change-email.usecase.js';
import { ChangePasswordHandler } from './change-password/change-password.handler.js';
import { ChangePasswordUseCase } from './change-password/change-password.usecase.js';
import { ForgotPasswordHandler } from './forgot-password/forgot-password.handler.js';
import { ForgotPasswordUseCase } from './forgot-password/forgot-password.usecase.js';
import { MailLinkRepository } from './mail-links/mail-link.repository.js';
import { MailQueue } from './mail/mail-queue.js';
import type { MailSender } from './mail/mail.port.js';
import { SesMailSender } from './mail/ses-mail.sender.js';
import { SmtpMailSender } from './mail/smtp-mail.sender.js';
import { ResetPasswordHandler } from './reset-password/reset-password.handler.js';
import { ResetPasswordUseCase } from './reset-password/reset-password.usecase.js';
import { SessionRevoker } from './sessions/session-revoker.js';
import { SessionRepository } from './sessions/session.repository.js';
import { SessionsHandler } from './sessions/sessions.handler.js';
import { SessionsUseCase } from './sessions/sessions.usecase.js';
import { systemClock } from './shared/clock.js';
import { MfaPendingRepository } from './totp/mfa-pending.repository.js';
import { TotpHandler } from './totp/totp.handler.js';
import { TotpUseCase } from './totp/totp.usecase.js';
import { SendVerification } from './verify-email/send-verification.js';
import { VerifyEmailHandler } from './verify-email/verify-email.handler.js';
import { ResendVerificationUseCase, VerifyEmailUseCase } from './verify-email/verify-email.usecase.js';
import { systemClock as revocationClock } from './sessions/clock.js';
import { KvRevocationStore } from './sessions/revocation.store.js';
import { SessionRevocations } from './sessions/session-revocations.js';

@Module({})
export class AuthModule {
  static async forRoot(context: ProcessContext<AuthEnv>): Promise<DynamicModule> {
    const { env, logger } = context;
    const dynamo = createDynamo(env);
    context.health.register('dynamodb', dynamoCheck(dynamo));
    if (env.DYNAMODB_CREATE_TABLES) await ensureTables(dynamo, authTables(dynamo));

    const accounts = new AccountRepository(dynamo);
    const grace = new RefreshGraceRepository(dynamo, env.REFRESH_GRACE_SECONDS);
    const controllers: Type[] = [ClientConfigHandler, TokensHandler];
    // Entries outlive every access token they could refuse (its lifetime plus the gateway's skew).
    const revocationStore = await KvRevocationStore.open(context.nc, env.ACCESS_TOKEN_TTL_SECONDS + 60, env.JETSTREAM_REPLICAS);
    const revocations = new SessionRevocations(revocationStore, revocationClock);
    const providers: NestProvider[] = [{ provide: SessionRevocations, useValue: revocations }];
    let sessions: SessionRepository | undefined;
    // The one way sessions end; with an external issuer no grant is here to end, but the broadcast still cuts its access tokens.
    let revoker = new SessionRevoker(undefined, undefined, revocations);

    let oidc: OidcClient;
    let freshSignIn: FreshSignInVerifier = noFreshSignIn;
    if (env.OIDC_ISSUER_URL) {
      providers.push({ provide: SignupUseCase, useValue: new SignupUseCase(accounts, context.publisher) });
      // Cognito or another issuer: it owns sign-up and login; we only run the code flow against it.
      oidc = new OidcClient({ issuer: env.OIDC_ISSUER_URL, clientId: env.OIDC_CLIENT_ID! });
    } else {
      const keys = await loadOrCreateKeys(env.OIDC_KEYS_FILE ?? join(env.DATA_DIR, 'auth', 'keys.json'));
      const adapter = dynamoAdapterFactory(dynamo);
      sessions = new SessionRepository(dynamo, env.REFRESH_TOKEN_TTL_SECONDS);
      const provider = createProvider({ env, keys, accounts, adapter, sessions });
      const throttleStore = new LoginThrottleRepository(dynamo);
      const throttle = new SignInThrottle(throttleStore, {
        pair: { maxFailures: env.LOGIN_MAX_FAILURES, windowSeconds: env.LOGIN_WINDOW_SECONDS, lockSeconds: env.LOGIN_LOCK_SECONDS },
        address: { maxFailures: env.LOGIN_IP_MAX_FAILURES, windowSeconds: env.LOGIN_WINDOW_SECONDS, lockSeconds: env.LOGIN_LOCK_SECONDS },
        accountDelayAfter: env.LOGIN_ACCOUNT_DELAY_AFTER,
        accountDelayMaxMs: env.LOGIN_ACCOUNT_DELAY_MAX_MS,
      });
      const login = new LoginUseCase(accounts, throttle);

      const sender: MailSender = env.SMTP_URL ? new SmtpMailSender(env.SMTP_URL, env.MAIL_FROM) : new SesMailSender(env.AWS_REGION, env.MAIL_FROM, env.SES_CONFIGURATION_SET);
      const mail = new MailQueue(sender, logger);
      const links = new MailLinkRepository(dynamo);
      const verification = new SendVerification(links, mail, env.PUBLIC_URL);
      const signup = new SignupUseCase(accounts, context.publisher, verification);
      revoker = new SessionRevoker(adapter, sessions, revocations);
      providers.push(
        { provide: SignupUseCase, useValue: signup },
        { provide: VerifyEmailUseCase, useValue: new VerifyEmailUseCase(accounts, links, context.publisher, systemClock, mail) },
        { provide: ResendVerificationUseCase, useValue: new ResendVerificationUseCase(accounts, verification, systemClock) },
        { provide: ChangeEmailUseCase, useValue: new ChangeEmailUseCase(accounts, verification, systemClock) },
        { provide: ForgotPasswordUseCase, useValue: new ForgotPasswordUseCase(accounts, links, throttleStore, mail, env.PUBLIC_URL, systemClock, logger) },
        { provide: ResetPasswordUseCase, useValue: new ResetPasswordUseCase(accounts, links, revoker, context.publisher, systemClock) },
        { provide: ChangePasswordUseCase, useValue: new ChangePasswordUseCase(accounts, throttle, revoker, mail, systemClock) },
        { provide: TotpUseCase, useValue: new TotpUseCase(accounts, throttle, mail, systemClock) },
        { provide: SessionsUseCase, useValue: new SessionsUseCase(sessions, revoker, adapter) },
      );
      controllers.push(VerifyEmailHandler, ChangeEmailHandler, ForgotPasswordHandler, ResetPasswordHandler, ChangePasswordHandler, TotpHandler, SessionsHandler);

      const federation = new FederationUseCase(env.OIDC_UPSTREAMS, `${env.PUBLIC_URL}/oidc/federated/callback`, dynamo, accounts, signup);
      const mfaPending = new MfaPendingRepository(dynamo);
      provider.use(interactionMiddleware({ provider, login, signup, federation, accounts, mfaPending, throttle, cookieKey: keys.cookieKeys[0]!, logger }));
      provider.on('server_error', (_ctx, error) => logger.error({ err: error }, 'oidc provider error'));
      // Logout (token revocation) and refresh-token reuse revoke the grant: end its access tokens too.
      provider.on('grant.revoked', (_ctx, grantId: string) => {
        revocations.revokeSession(grantId).then(
          () => logger.info({ sessionId: grantId }, 'session revoked'),
          (error: unknown) => logger.error({ err: error, sessionId: grantId }, 'could not broadcast a session revocation'),
        );
      });
      freshSignIn = new IdTokenFreshSignIn(publicJwks(keys), `${env.PUBLIC_URL}/oidc`, BUILT_IN_CLIENT_ID, env.ACCOUNT_DELETE_FRESH_SIGN_IN_SECONDS);
      const http = new ProviderHttp(provider, new URL(env.PUBLIC_URL));
      oidc = new OidcClient({ issuer: `${env.PUBLIC_URL}/oidc`, clientId: BUILT_IN_CLIENT_ID, fetch: http.fetch });
      controllers.push(AuthHttpHandler, SignupHandler, JwksHandler);
      providers.push({ provide: ProviderHttp, useValue: http }, { provide: PUBLIC_JWKS, useValue: publicJwks(keys) });
    }
    providers.push({ provide: TokenUseCases, useValue: new TokenUseCases(oidc, grace, sessions) });

    // Account deletion (issue 14): DELETE /account closes the account; user.deleted erases it.
    const closing = new DeleteAccountUseCase(
      new AccountClosureRepository(dynamo),
      new LoginThrottleRepository(dynamo),
      { maxFailures: env.LOGIN_MAX_FAILURES, windowSeconds: env.LOGIN_WINDOW_SECONDS, lockSeconds: env.LOGIN_LOCK_SECONDS },
      freshSignIn,
      context.publisher,
      { now: () => new Date() },
      revoker,
    );
    const erase = new EraseAccountUseCase(new DynamoAuthErasureRepository(dynamo, grace, env.LOGIN_WINDOW_SECONDS), logger);
    controllers.push(DeleteAccountHandler);
    providers.push(
      { provide: DeleteAccountUseCase, useValue: closing },
      {
        provide: DurableConsumerSet,
        useValue: new DurableConsumerSet(context.nc, logger, context.metrics, [
          consumerSpec(DurableConsumers.authUserDeleted, UserDeletedEvent, (event) => erase.execute(event)),
        ]),
      },
    );
    return { module: AuthModule, controllers, providers };
  }
}
