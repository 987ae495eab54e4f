import { Kvm, type KV } from '@nats-io/kv';
import {
  KvBuckets,
  RevocationRecordSchema,
  revocationKeyOfSession,
  revocationKeyOfUser,
  type RevocationRecord,
} from '@tasksensei/contracts';
import { retryTransient, type NatsConnection } from '@tasksensei/platform';

export interface RevocationStore {
  revokeSession(sessionId: string, at: number): Promise<void>;
  revokeUser(userId: string, at: number, except?: string): Promise<void>;
}

/**
 * Revocations in the JetStream KV bucket `revoked-sessions`, which every gateway replica watches
 * (one started later reads what is there). Entries expire once no access token they could
 * refuse is still valid: the access-token lifetime plus the gateway's clock skew.
 */
export class KvRevocationStore implements RevocationStore {
  private constructor(private readonly kv: KV) {}

  static async open(nc: NatsConnection, ttlSeconds: number, replicas: number): Promise<KvRevocationStore> {
    // Retried like the streams: a cluster may be electing a leader, replicas race to create it.
    const kv = await retryTransient(() =>
      new Kvm(nc).create(KvBuckets.revokedSessions.name, { ttl: ttlSeconds * 1000, history: 1, replicas }),
    );
    return new KvRevocationStore(kv);
  }

  async revokeSession(sessionId: string, at: number): Promise<void> {
    await this.put(revocationKeyOfSession(sessionId), { revokedAt: at });
  }

  async revokeUser(userId: string, at: number, except?: string): Promise<void> {
    await this.put(revocationKeyOfUser(userId), { revokedAt: at, ...(except ? { except } : {}) });
  }

  private async put(key: string, record: RevocationRecord): Promise<void> {
    await this.kv.put(key, JSON.stringify(RevocationRecordSchema.parse(record)));
  }
}
