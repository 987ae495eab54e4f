import type { Clock, Logger } from '@tasksensei/platform';
import type { MessageStore, ReplyRef } from '../conversations/message.store.js';

export interface LeaseHeartbeatOptions {
  /** This process: owner of the leases it takes. */
  readonly owner: string;
  readonly leaseMs: number;
}

/** A reply's lease being kept; `stop()` ends the renewals (the lease then runs out on its own). */
export interface KeptLease {
  stop(): void;
}

/**
 * The lease of the replies this process writes: taken with the reply placeholder, then renewed
 * every third of its length while the reply is written. When the store says another process has
 * it (ReplyRecovery saw it run out and failed the reply), `lost` is called once and renewals
 * stop: the reply must end without storing anything. A renewal that fails for another reason is
 * logged and tried again at the next beat; the lease is long enough for two misses.
 */
export class LeaseHeartbeat {
  constructor(
    private readonly deps: { readonly messages: Pick<MessageStore, 'renewLease'>; readonly clock: Clock },
    private readonly options: LeaseHeartbeatOptions,
  ) {}

  get owner(): string {
    return this.options.owner;
  }

  /** When a lease taken or renewed now runs out. */
  leaseUntil(): string {
    return new Date(this.deps.clock.now().getTime() + this.options.leaseMs).toISOString();
  }

  keep(reply: ReplyRef, lost: () => void, log: Logger): KeptLease {
    let stopped = false;
    const beat = setInterval(
      () => {
        this.deps.messages.renewLease(reply, this.options.owner, this.leaseUntil()).then(
          (ours) => {
            if (ours || stopped) return;
            stop();
            lost();
          },
          (error: unknown) => log.warn({ err: error }, 'could not renew the reply lease'),
        );
      },
      Math.max(250, Math.floor(this.options.leaseMs / 3)),
    );
    beat.unref();
    const stop = () => {
      stopped = true;
      clearInterval(beat);
    };
    return { stop };
  }
}
