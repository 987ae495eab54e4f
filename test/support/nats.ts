import { randomUUID } from 'node:crypto';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import type { NatsIdentity } from '@tasksensei/contracts';
import type { Stack } from '@tasksensei/devstack';
import { NatsRequester, UserAssertionSigner, connectNats, createLogger, type NatsConnection } from '@tasksensei/platform';
import { testStack, type TestStack } from './test-stack.js';

const logger = createLogger('test-nats', process.env.TEST_LOG_LEVEL ?? 'silent');

/** Where to connect: the run's stack by default, or a test's own stack. */
type StackLike = Pick<TestStack, 'natsUrl' | 'natsSeedFiles'>;

/**
 * Connects to the stack's NATS as one of its identities, with exactly that identity's
 * permissions (publish `membership.*` only as billing, requests to services only as gateway...).
 */
export function connectAs(
  identity: NatsIdentity,
  stack: StackLike | undefined = testStack(),
  name = `test-${identity}`,
): Promise<NatsConnection> {
  stack ??= testStack();
  // A generous first-connection timeout: CI machines and shared hosts can be slow.
  return connectNats(stack.natsUrl, name, logger, { identity, seedFile: stack.natsSeedFiles[identity], connectTimeoutMs: 30_000 });
}

/** A connection attempt with no credentials at all (the server must refuse it). */
export function connectAnonymously(stack: StackLike = testStack()): Promise<NatsConnection> {
  return connect({ servers: stack.natsUrl, name: 'test-anonymous', reconnect: false, timeout: 3_000 });
}

/**
 * Requests as the gateway makes them: each one acting for a user carries a user assertion signed
 * with the stack's gateway key. `nc` must be connected as the gateway.
 */
export async function gatewayRequester(
  nc: NatsConnection,
  timeoutMs = 10_000,
  stack: Pick<TestStack, 'assertionSigningKeyFile'> | undefined = testStack(),
): Promise<NatsRequester> {
  stack ??= testStack();
  return new NatsRequester(nc, timeoutMs, undefined, undefined, await UserAssertionSigner.fromJwkFile(stack.assertionSigningKeyFile, 60));
}

/**
 * One connection per identity a test acts as, opened on first use: publish `user.registered` as
 * auth, `membership.*` as billing, read streams as ops, request as the gateway.
 */
export class TestBus {
  private readonly connections = new Map<NatsIdentity, Promise<NatsConnection>>();
  private gateway?: Promise<NatsRequester>;

  constructor(private readonly stack: Pick<TestStack, 'natsUrl' | 'natsSeedFiles' | 'assertionSigningKeyFile'> = testStack()) {}

  as(identity: NatsIdentity): Promise<NatsConnection> {
    let connection = this.connections.get(identity);
    if (!connection) {
      connection = connectAs(identity, this.stack);
      this.connections.set(identity, connection);
    }
    return connection;
  }

  /** Requests as the gateway sends them (with a signed user assertion). */
  requester(): Promise<NatsRequester> {
    this.gateway ??= this.as('gateway').then((nc) => gatewayRequester(nc, 10_000, this.stack));
    return this.gateway;
  }

  async close(): Promise<void> {
    await Promise.all([...this.connections.values()].map(async (c) => (await c.catch(() => undefined))?.drain().catch(() => undefined)));
    this.connections.clear();
  }
}

/** A TestBus on a stack a test started itself (its own NATS users and keys). */
export const busOf = (stack: Stack): TestBus =>
  new TestBus({
    natsUrl: stack.natsUrl,
    natsSeedFiles: stack.natsCredentials.seedFiles,
    assertionSigningKeyFile: stack.assertionKeys.signingKeyFile,
  });

/** Every envelope stored on `subject` of `stream`, read with a throwaway consumer (the connection must be allowed to make one). */
export async function storedEvents<T>(nc: NatsConnection, stream: string, subject: string): Promise<T[]> {
  const jsm = await jetstreamManager(nc);
  const name = `test-${randomUUID().slice(0, 8)}`;
  await jsm.consumers.add(stream, {
    name,
    filter_subject: subject,
    ack_policy: AckPolicy.None,
    deliver_policy: DeliverPolicy.All,
    inactive_threshold: 30e9,
  });
  try {
    const consumer = await jetstream(nc).consumers.get(stream, name);
    const { num_pending: pending } = await consumer.info();
    const events: T[] = [];
    if (pending === 0) return events;
    for await (const message of await consumer.fetch({ max_messages: pending, expires: 5_000 })) {
      events.push(message.json<T>());
      if (message.info.pending === 0) break;
    }
    return events;
  } finally {
    await jsm.consumers.delete(stream, name).catch(() => undefined);
  }
}
