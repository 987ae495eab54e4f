import type { Logger } from '@tasksensei/platform';
import type Provider from 'oidc-provider';
import type { SessionRevocations } from './session-revocations.js';

/**
 * Logout (token revocation) and refresh-token reuse revoke a grant inside the provider: this ends
 * its access tokens too, by broadcasting the session's revocation.
 */
export function revokeSessionsOfEndedGrants(deps: {
  readonly provider: Provider;
  readonly revocations: Pick<SessionRevocations, 'revokeSession'>;
  readonly logger: Logger;
}): void {
  const { provider, revocations, logger } = deps;
  provider.on('grant.revoked', (_ctx, grantId: string) => {
    revocations.revokeSession(grantId).then(
      () => logger.info({ sessionId: grantId }, 'session revoked'),
      (error: unknown) => logger.error({ err: error, sessionId: grantId }, 'could not broadcast a session revocation'),
    );
  });
}
