import { Kvm, type KV, type KvEntry } from '@nats-io/kv';
import {
  KvBuckets,
  RevocationRecordSchema,
  revocationKeyOfSession,
  revocationKeyOfUser,
  type RevocationRecord,
} from '@tasksensei/contracts';
import type { Logger, NatsConnection } from '@tasksensei/platform';

export interface RevocableCaller {
  readonly sub: string;
  readonly sid?: string;
  /** `iat` of the access token (seconds since the epoch). */
  readonly issuedAt?: number;
}

/**
 * The sessions auth has revoked, as this gateway replica knows them: a watch on the
 * `revoked-sessions` KV bucket (what is in it when the replica starts, then every new entry
 * within milliseconds). Entries expire in the bucket after the access-token lifetime; here they
 * are kept for the process's life, which is harmless (a revoked session stays revoked).
 */
export class RevocationList {
  private readonly revoked = new Map<string, RevocationRecord>();
  private readonly listeners: ((key: string) => void)[] = [];
  private stopped = false;

  constructor(private readonly logger: Logger) {}

  isRevoked(caller: RevocableCaller): boolean {
    if (caller.sid && this.revoked.has(revocationKeyOfSession(caller.sid))) return true;
    const user = this.revoked.get(revocationKeyOfUser(caller.sub));
    if (!user || (caller.sid && user.except === caller.sid)) return false;
    // A token without iat cannot prove it is newer than the revocation.
    return caller.issuedAt === undefined || caller.issuedAt <= user.revokedAt;
  }

  /** Told after each new revocation (to close the sockets it ends). */
  onRevoked(listener: (key: string) => void): void {
    this.listeners.push(listener);
  }

  /** Watches in the background; until auth has created the bucket, retries. */
  start(nc: NatsConnection): void {
    void this.watchForever(nc);
  }

  stop(): void {
    this.stopped = true;
  }

  private async watchForever(nc: NatsConnection): Promise<void> {
    while (!this.stopped && !nc.isClosed()) {
      try {
        const kv = await new Kvm(nc).open(KvBuckets.revokedSessions.name);
        await kv.status(); // open() is lazy: fails here while auth has not created the bucket
        await this.watch(kv);
      } catch (error) {
        if (nc.isClosed() || this.stopped) return;
        this.logger.warn({ err: error }, 'cannot watch session revocations yet; retrying');
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    }
  }

  private async watch(kv: KV): Promise<void> {
    const entries = await kv.watch();
    for await (const entry of entries) {
      if (this.stopped) break;
      this.apply(entry);
    }
  }

  private apply(entry: KvEntry) {
    if (entry.operation !== 'PUT') return;
    const record = RevocationRecordSchema.safeParse(safeJson(entry.string()));
    if (!record.success) {
      this.logger.warn({ key: entry.key }, 'ignored a malformed revocation');
      return;
    }
    this.revoked.set(entry.key, record.data);
    for (const listener of this.listeners) listener(entry.key);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
