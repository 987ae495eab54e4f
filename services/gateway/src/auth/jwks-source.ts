import { Inject, Injectable } from '@nestjs/common';
import { JwksContract } from '@tasksensei/contracts';
import { ENV, NatsRequester } from '@tasksensei/platform';
import { createLocalJWKSet, createRemoteJWKSet, errors, type JWTVerifyGetKey } from 'jose';
import type { GatewayEnv } from '../config/gateway.env.js';

const REFRESH_COOLDOWN_MS = 30_000;

/**
 * The issuer's verification keys, cached. For the built-in issuer they come over NATS from the
 * auth service (the gateway reaches services over the bus only); an external issuer's come
 * from its jwks_uri. An unknown `kid` triggers one refetch (key rotation), at most every 30 s.
 */
@Injectable()
export class JwksSource {
  private localSet?: JWTVerifyGetKey;
  private lastFetch = 0;
  private inflight?: Promise<void>;
  private readonly remote?: Promise<JWTVerifyGetKey>;

  constructor(
    @Inject(NatsRequester) private readonly requester: NatsRequester,
    @Inject(ENV) env: GatewayEnv,
  ) {
    if (env.OIDC_ISSUER_URL) this.remote = discoverRemote(env.OIDC_ISSUER_URL);
  }

  readonly getKey: JWTVerifyGetKey = async (header, token) => {
    if (this.remote) return (await this.remote)(header, token);
    if (!this.localSet) await this.refresh(true);
    try {
      return await this.localSet!(header, token);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey) || Date.now() - this.lastFetch < REFRESH_COOLDOWN_MS) throw error;
      await this.refresh(false);
      return this.localSet!(header, token);
    }
  };

  private refresh(force: boolean): Promise<void> {
    if (!force && Date.now() - this.lastFetch < REFRESH_COOLDOWN_MS) return Promise.resolve();
    this.inflight ??= this.requester
      .request(JwksContract, {})
      .then((jwks) => {
        this.localSet = createLocalJWKSet(jwks as Parameters<typeof createLocalJWKSet>[0]);
        this.lastFetch = Date.now();
      })
      .finally(() => (this.inflight = undefined));
    return this.inflight;
  }
}

async function discoverRemote(issuer: string): Promise<JWTVerifyGetKey> {
  const response = await fetch(`${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(5_000) });
  if (!response.ok) throw new Error(`discovery of ${issuer} failed with ${response.status}`);
  const { jwks_uri: jwksUri } = (await response.json()) as { jwks_uri?: string };
  if (!jwksUri) throw new Error(`${issuer} publishes no jwks_uri`);
  return createRemoteJWKSet(new URL(jwksUri), { cooldownDuration: REFRESH_COOLDOWN_MS, cacheMaxAge: 10 * 60_000 });
}
