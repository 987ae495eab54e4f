import { randomUUID } from 'node:crypto';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { GetProfileContract, UserRegisteredEvent, type EventSubject, type Profile } from '@tasksensei/contracts';
import { EventPublisher, NatsRequester, type NatsConnection } from '@tasksensei/platform';
import { expectEventually } from './test-stack.js';

/**
 * Users and profiles for tests that run before the auth service issues tokens: a registration
 * is the `user.registered` event auth publishes, and the profile is read over NATS with the
 * verified caller set as the gateway sets it.
 */
export async function registerUser(nc: NatsConnection, email = `member-${randomUUID().slice(0, 8)}@example.com`): Promise<string> {
  const userId = randomUUID();
  await new EventPublisher(nc).publish(UserRegisteredEvent, {
    id: randomUUID(),
    type: 'user.registered',
    occurredAt: new Date().toISOString(),
    data: { userId, email },
  });
  await expectEventually(async () => {
    await profileOf(nc, userId);
  }, 15_000);
  return userId;
}

export function profileOf(nc: NatsConnection, userId: string): Promise<Profile> {
  return new NatsRequester(nc, 5_000).request(GetProfileContract, {}, { userSub: userId });
}

/** Every event stored on a subject of the MEMBERSHIP stream, read with a throwaway consumer. */
export async function busEvents<T = { id: string; data: { userId: string } }>(nc: NatsConnection, subject: EventSubject): Promise<T[]> {
  const jsm = await jetstreamManager(nc);
  const name = `test-${randomUUID().slice(0, 8)}`;
  await jsm.consumers.add('MEMBERSHIP', { name, filter_subject: subject, ack_policy: AckPolicy.None, deliver_policy: DeliverPolicy.All, inactive_threshold: 30e9 });
  try {
    const consumer = await jetstream(nc).consumers.get('MEMBERSHIP', name);
    const { num_pending: pending } = await consumer.info();
    const events: T[] = [];
    if (pending === 0) return events;
    const messages = await consumer.fetch({ max_messages: pending, expires: 5_000 });
    for await (const message of messages) {
      events.push(message.json<T>());
      if (message.info.pending === 0) break;
    }
    return events;
  } finally {
    await jsm.consumers.delete('MEMBERSHIP', name).catch(() => undefined);
  }
}

/** Waits until the users service's membership consumers have nothing pending or unacknowledged. */
export async function usersCaughtUp(nc: NatsConnection, timeoutMs = 20_000): Promise<void> {
  const jsm = await jetstreamManager(nc);
  await expectEventually(async () => {
    for (const durable of ['users-membership-activated', 'users-membership-deactivated', 'users-membership-past-due']) {
      const info = await jsm.consumers.info('MEMBERSHIP', durable);
      if (info.num_pending !== 0 || info.num_ack_pending !== 0) throw new Error(`${durable}: ${info.num_pending} pending, ${info.num_ack_pending} unacked`);
    }
  }, timeoutMs);
}
