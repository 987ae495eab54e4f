import { join } from 'node:path';
import { Module, type DynamicModule, type Provider as NestProvider, type Type } from '@nestjs/common';
import { DurableConsumers, UserDeletedEvent } from '@tasksensei/contracts';
import { DurableConsumerSet, consumerSpec, createDynamo, dynamoCheck, ensureTables, type ProcessContext } from '@tasksensei/platform';
import { AccountRepository } from './accounts/account.repository.js';
import { LoginThrottleRepository } from './accounts/login-throttle.repository.js';
import { LoginUseCase } from './accounts/login.usecase.js';
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
import { systemClock } from './sessions/clock.js';
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
    const signup = new SignupUseCase(accounts, context.publisher);
    const grace = new RefreshGraceRepository(dynamo, env.REFRESH_GRACE_SECONDS);
    const controllers: Type[] = [ClientConfigHandler, TokensHandler];
    // Entries outlive every access token they could refuse (its lifetime plus the gateway's skew).
    const revocationStore = await KvRevocationStore.open(context.nc, env.ACCESS_TOKEN_TTL_SECONDS + 60, env.JETSTREAM_REPLICAS);
    const revocations = new SessionRevocations(revocationStore, systemClock);
    const providers: NestProvider[] = [
      { provide: SignupUseCase, useValue: signup },
      { provide: SessionRevocations, useValue: revocations },
    ];

    let oidc: OidcClient;
    let freshSignIn: FreshSignInVerifier = noFreshSignIn;
    if (env.OIDC_ISSUER_URL) {
      // Cognito or another issuer: it owns sign-up and login; we only run the code flow against it.
      oidc = new OidcClient({ issuer: env.OIDC_ISSUER_URL, clientId: env.OIDC_CLIENT_ID! });
    } else {
      const keys = await loadOrCreateKeys(env.OIDC_KEYS_FILE ?? join(env.DATA_DIR, 'auth', 'keys.json'));
      const provider = createProvider({ env, keys, accounts, adapter: dynamoAdapterFactory(dynamo) });
      const login = new LoginUseCase(accounts, new LoginThrottleRepository(dynamo), {
        account: { maxFailures: env.LOGIN_MAX_FAILURES, windowSeconds: env.LOGIN_WINDOW_SECONDS, lockSeconds: env.LOGIN_LOCK_SECONDS },
        address: { maxFailures: env.LOGIN_IP_MAX_FAILURES, windowSeconds: env.LOGIN_WINDOW_SECONDS, lockSeconds: env.LOGIN_LOCK_SECONDS },
      });
      const federation = new FederationUseCase(env.OIDC_UPSTREAMS, `${env.PUBLIC_URL}/oidc/federated/callback`, dynamo, accounts, signup);
      provider.use(interactionMiddleware({ provider, login, signup, federation, cookieKey: keys.cookieKeys[0]!, logger }));
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
    providers.push({ provide: TokenUseCases, useValue: new TokenUseCases(oidc, grace) });

    // Account deletion (issue 14): DELETE /account closes the account; user.deleted erases it.
    const closing = new DeleteAccountUseCase(
      new AccountClosureRepository(dynamo),
      new LoginThrottleRepository(dynamo),
      { maxFailures: env.LOGIN_MAX_FAILURES, windowSeconds: env.LOGIN_WINDOW_SECONDS, lockSeconds: env.LOGIN_LOCK_SECONDS },
      freshSignIn,
      context.publisher,
      { now: () => new Date() },
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
