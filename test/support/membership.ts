import { randomUUID } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { GetProfileContract, UserRegisteredEvent, type EventSubject, type Profile } from '@tasksensei/contracts';
import { EventPublisher } from '@tasksensei/platform';
import { storedEvents, type TestBus } from './nats.js';
import { expectEventually } from './test-stack.js';

/**
 * Users and profiles for tests that run before the auth service issues tokens: a registration
 * is the `user.registered` event auth publishes (published with auth's NATS credentials), and
 * the profile is read over NATS as the gateway reads it (with a signed user assertion).
 */
export async function registerUser(bus: TestBus, email = `member-${randomUUID().slice(0, 8)}@example.com`): Promise<string> {
  const userId = randomUUID();
  await new EventPublisher(await bus.as('auth')).publish(UserRegisteredEvent, {
    id: randomUUID(),
    type: 'user.registered',
    occurredAt: new Date().toISOString(),
    data: { userId, email },
  });
  await expectEventually(async () => {
    await profileOf(bus, userId);
  }, 15_000);
  return userId;
}

export async function profileOf(bus: TestBus, userId: string): Promise<Profile> {
  return (await bus.requester()).request(GetProfileContract, {}, { userSub: userId, timeoutMs: 5_000 });
}

/** Every event stored on a subject of the MEMBERSHIP stream, read with a throwaway consumer (as ops). */
export async function busEvents<T = { id: string; data: { userId: string } }>(bus: TestBus, subject: EventSubject): Promise<T[]> {
  return storedEvents<T>(await bus.as('ops'), 'MEMBERSHIP', subject);
}

/** Waits until the users service's membership consumers have nothing pending or unacknowledged. */
export async function usersCaughtUp(bus: TestBus, timeoutMs = 20_000): Promise<void> {
  const jsm = await jetstreamManager(await bus.as('ops'));
  await expectEventually(async () => {
    for (const durable of ['users-membership-activated', 'users-membership-deactivated', 'users-membership-past-due']) {
      const info = await jsm.consumers.info('MEMBERSHIP', durable);
      if (info.num_pending !== 0 || info.num_ack_pending !== 0)
        throw new Error(`${durable}: ${info.num_pending} pending, ${info.num_ack_pending} unacked`);
    }
  }, timeoutMs);
}
