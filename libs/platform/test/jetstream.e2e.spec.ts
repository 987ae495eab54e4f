import { randomUUID } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { UserRegisteredEvent, type EventOf } from '@tasksensei/contracts';
import { EventPublisher, createLogger, ensureStreams, startDurableConsumer, type NatsConnection } from '@tasksensei/platform';
import { connectAs } from '../../../test/support/nats.js';
import { expectEventually } from '../../../test/support/test-stack.js';

const logger = createLogger('jetstream-test', process.env.TEST_LOG_LEVEL ?? 'silent');
const event = (email: string): EventOf<typeof UserRegisteredEvent> => ({
  id: randomUUID(),
  type: 'user.registered',
  occurredAt: new Date().toISOString(),
  data: { userId: randomUUID(), email },
});

describe('JetStream events (real nats-server)', () => {
  // Events are published as their owner (auth owns USER); the test's own consumer is an operator's.
  let nc: NatsConnection;
  let ops: NatsConnection;

  beforeAll(async () => {
    nc = await connectAs('auth');
    ops = await connectAs('ops');
    await ensureStreams(nc, 1, 'auth');
  });
  afterAll(async () => {
    await nc.drain();
    await ops.drain();
  });

  it('keeps one copy of an event published twice with the same id', async () => {
    const publisher = new EventPublisher(nc);
    const e = event('twice@example.com');

    const first = await publisher.publish(UserRegisteredEvent, e);
    const second = await publisher.publish(UserRegisteredEvent, e);

    expect(first.duplicate).toBe(false);
    expect(second.duplicate).toBe(true);
    expect(second.seq).toBe(first.seq);
  });

  it('refuses to publish an envelope that breaks its schema', async () => {
    const bad = { ...event('x@example.com'), data: { userId: '', email: 'not-an-email' } };
    await expect(new EventPublisher(nc).publish(UserRegisteredEvent, bad)).rejects.toThrow();
  });

  it('redelivers until the handler succeeds, acks after, and terminates a poison message', async () => {
    const durable = `test-${randomUUID().slice(0, 8)}`;
    const e = event('retry@example.com');
    const seen: string[] = [];
    let failuresLeft = 2;

    // A poison message on the same subject (not a valid envelope) must not block the good one.
    await nc.request('user.registered', JSON.stringify({ nope: true }), { timeout: 2_000 }).catch(() => undefined);
    await new EventPublisher(nc).publish(UserRegisteredEvent, e);

    const messages = await startDurableConsumer(
      ops,
      {
        consumer: { stream: 'USER', durable, service: 'users', subject: 'user.registered' },
        contract: UserRegisteredEvent,
        handle: async (got) => {
          if (got.id !== e.id) return;
          seen.push(got.id);
          if (failuresLeft-- > 0) throw new Error('transient');
        },
      },
      logger,
    );
    try {
      await expectEventually(() => expect(seen).toEqual([e.id, e.id, e.id]), 15_000);
      const jsm = await jetstreamManager(ops);
      await expectEventually(async () => {
        const info = await jsm.consumers.info('USER', durable);
        expect(info.num_ack_pending).toBe(0);
        expect(info.num_pending).toBe(0);
      });
    } finally {
      await messages.close();
    }
  }, 30_000);
});
