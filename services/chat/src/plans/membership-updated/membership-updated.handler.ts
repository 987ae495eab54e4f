import { MembershipUpdatedNotification } from '@tasksensei/contracts';
import type { NatsConnection } from '@tasksensei/platform';
import type { MembershipUpdatedUseCase } from './membership-updated.usecase.js';

/**
 * Core NATS `users.v1.membership-updated.*`, on every replica (no queue group): each holds its
 * own plan cache. A notification that does not parse is dropped; the cache time bounds what a
 * missed one costs.
 */
export class MembershipUpdatedHandler {
  constructor(private readonly useCase: MembershipUpdatedUseCase) {}

  listen(nc: NatsConnection): void {
    nc.subscribe(MembershipUpdatedNotification.wildcard, {
      callback: (error, msg) => {
        if (!error) this.handle(msg.data);
      },
    });
  }

  /** True when the notification was valid and handled. */
  handle(data: Uint8Array): boolean {
    const update = MembershipUpdatedNotification.data.safeParse(parseJson(data));
    if (!update.success) return false;
    this.useCase.execute(update.data);
    return true;
  }
}

function parseJson(data: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(data));
  } catch {
    return undefined;
  }
}
