import type { NatsConnection, Subscription } from '@nats-io/transport-node';

/**
 * One NATS subscription per user with an open socket on this replica, made at the user's
 * first socket and dropped at the last: a replica receives only its own users' events, and
 * whichever replica holds a user's socket relays them.
 */
export class UserSubscriptions {
  private readonly users = new Map<string, { sockets: number; subscriptions: Subscription[] }>();

  constructor(
    private readonly nc: NatsConnection,
    private readonly subjectsFor: (userId: string) => string[],
    private readonly deliver: (userId: string, subject: string, payload: Uint8Array) => void,
  ) {}

  add(userId: string) {
    const entry = this.users.get(userId);
    if (entry) {
      entry.sockets += 1;
      return;
    }
    const subscriptions = this.subjectsFor(userId).map((subject) =>
      this.nc.subscribe(subject, {
        callback: (error, msg) => {
          if (!error) this.deliver(userId, msg.subject, msg.data);
        },
      }),
    );
    this.users.set(userId, { sockets: 1, subscriptions });
  }

  remove(userId: string) {
    const entry = this.users.get(userId);
    if (!entry) return;
    entry.sockets -= 1;
    if (entry.sockets > 0) return;
    for (const subscription of entry.subscriptions) subscription.unsubscribe();
    this.users.delete(userId);
  }

  get size() {
    return this.users.size;
  }
}
