import { jest } from '@jest/globals';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, errors, headers as natsHeaders, nkeyAuthenticator, nkeys, type NatsConnection } from '@nats-io/transport-node';
import {
  ChatEventNotification,
  AuthConfigContract,
  ErrorCode,
  Headers,
  ListFilesContract,
  MembershipActivatedEvent,
  PlanForUserContract,
  ServiceError,
  Subjects,
  internalSubject,
} from '@tasksensei/contracts';
import { EventPublisher, NatsRequester, UserAssertionSigner } from '@tasksensei/platform';
import { busEvents, registerUser } from '../support/membership.js';
import { TestBus, connectAnonymously } from '../support/nats.js';
import { testStack } from '../support/test-stack.js';

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

/** The server's "Permissions Violation", as the client reports it (a request wraps it as its cause). */
const denied = (error: unknown) =>
  error instanceof errors.PermissionViolationError || (error instanceof Error && error.cause instanceof errors.PermissionViolationError);

/** A raw NestJS-style request on `subject` with exactly these headers (what a forger could send). */
async function rawRequest(nc: NatsConnection, subject: string, h: Record<string, string>) {
  const headers = natsHeaders();
  for (const [name, value] of Object.entries(h)) headers.set(name, value);
  const reply = await nc.request(subject, JSON.stringify({ pattern: subject, data: {}, id: randomUUID() }), { timeout: 10_000, headers });
  return reply.json<{ err?: { code: string }; response?: unknown }>();
}

/** A subscription the server refuses: the permission error reaches its callback. */
function refusedSubscription(nc: NatsConnection, subject: string, queue?: string): Promise<unknown> {
  return new Promise((resolve) => {
    nc.subscribe(subject, { ...(queue ? { queue } : {}), callback: (error) => error && resolve(error) });
    void nc.flush();
  });
}

/**
 * The bus "from inside": what a process with a shell on the host, or one compromised service,
 * can do with the stack's real nats-server and its generated users and permissions.
 */
jest.setTimeout(30_000);

describe('NATS: authentication, least-privilege permissions and proven user identity', () => {
  const bus = new TestBus();
  afterAll(() => bus.close());

  it('refuses a connection without credentials', async () => {
    const error = await failure(connectAnonymously());
    expect(error).toBeInstanceOf(errors.AuthorizationError);
  });

  it('refuses a connection with an nkey the server does not know', async () => {
    const stranger = nkeys.createUser().getSeed();
    const error = await failure(
      connect({ servers: testStack().natsUrl, authenticator: nkeyAuthenticator(stranger), reconnect: false, timeout: 3_000 }),
    );
    expect(String(error)).toMatch(/authorization violation/i);
  });

  it('lets only billing publish membership.activated: chat is refused and nothing reaches the stream', async () => {
    const userId = await registerUser(bus);
    const forged = {
      id: randomUUID(),
      type: 'membership.activated' as const,
      occurredAt: new Date().toISOString(),
      data: { userId, tier: 'pro', stripeCustomerId: 'cus_forged' },
    };
    const error = await failure(new EventPublisher(await bus.as('chat')).publish(MembershipActivatedEvent, forged));
    expect(denied(error)).toBe(true);
    // The same from the gateway, the most exposed process.
    expect(
      denied(await failure(new EventPublisher(await bus.as('gateway')).publish(MembershipActivatedEvent, { ...forged, id: randomUUID() }))),
    ).toBe(true);
    expect((await busEvents(bus, 'membership.activated')).filter((e) => e.data.userId === userId)).toEqual([]);
  });

  it('lets only auth answer auth.*: files may not subscribe, and auth still answers', async () => {
    const files = await bus.as('files');
    for (const subject of [Subjects.auth.signup, Subjects.auth.refresh, 'auth.>']) {
      const error = await refusedSubscription(files, subject, 'auth');
      expect(denied(error)).toBe(true);
    }
    const config = await (await bus.requester()).request(AuthConfigContract, {});
    expect(config.clientId).toBeTruthy();
  });

  it('lets only the gateway send user requests: chat asking files.v1.list is refused', async () => {
    const chat = new NatsRequester(await bus.as('chat'), 5_000);
    const asChat = await failure(rawRequest(await bus.as('chat'), Subjects.files.list, {}));
    expect(denied(asChat)).toBe(true);
    // ...and through the typed requester it is a Forbidden error, not a hang.
    const typed = await failure(chat.request(ListFilesContract, {}, { userSub: randomUUID() }));
    expect(typed).toBeInstanceOf(ServiceError);
    expect((typed as ServiceError).code).toBe(ErrorCode.Forbidden);
  });

  it("refuses the gateway's request for a user's files without that user's proof: a bare x-user-sub is ignored", async () => {
    const gateway = await bus.as('gateway');
    const reply = await rawRequest(gateway, Subjects.files.list, { [Headers.userSub]: randomUUID() });
    expect(reply.err?.code).toBe(ErrorCode.Unauthenticated);
  });

  it('refuses a forged, an expired and a misaddressed user assertion', async () => {
    const gateway = await bus.as('gateway');
    const userId = randomUUID();

    // Signed with a key of the attacker's own, claiming the real key's id.
    const realKid = (JSON.parse(testStack().assertionPublicJwks) as { keys: { kid: string }[] }).keys[0]!.kid;
    const forgedKeyFile = join(testStack().dataDir, `forged-${randomUUID()}.jwk.json`);
    writeFileSync(forgedKeyFile, JSON.stringify({ ...generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' }), kid: realKid }), {
      mode: 0o600,
    });
    const forged = await (await UserAssertionSigner.fromJwkFile(forgedKeyFile, 60)).sign({ sub: userId }, 'files');
    expect((await rawRequest(gateway, Subjects.files.list, { [Headers.userAssertion]: forged })).err?.code).toBe(ErrorCode.Unauthenticated);

    // The real key, but expired an hour ago.
    const past = () => Math.floor(Date.now() / 1000) - 3_600;
    const expired = await (
      await UserAssertionSigner.fromJwkFile(testStack().assertionSigningKeyFile, 30, past)
    ).sign({ sub: userId }, 'files');
    expect((await rawRequest(gateway, Subjects.files.list, { [Headers.userAssertion]: expired })).err?.code).toBe(
      ErrorCode.Unauthenticated,
    );

    // The real key, valid, but addressed to another service: not replayable to files.
    const forUsers = await (await UserAssertionSigner.fromJwkFile(testStack().assertionSigningKeyFile, 60)).sign({ sub: userId }, 'users');
    expect((await rawRequest(gateway, Subjects.files.list, { [Headers.userAssertion]: forUsers })).err?.code).toBe(
      ErrorCode.Unauthenticated,
    );

    // Garbage.
    expect((await rawRequest(gateway, Subjects.files.list, { [Headers.userAssertion]: 'not.a.jwt' })).err?.code).toBe(
      ErrorCode.Unauthenticated,
    );

    // And the control: a valid assertion for files is answered (an empty list for a new user).
    const valid = await (await UserAssertionSigner.fromJwkFile(testStack().assertionSigningKeyFile, 60)).sign({ sub: userId }, 'files');
    expect(await rawRequest(gateway, Subjects.files.list, { [Headers.userAssertion]: valid })).toEqual(
      expect.objectContaining({ response: [] }),
    );
  });

  it("keeps users' event subjects and others' reply inboxes private", async () => {
    const files = await bus.as('files');
    expect(await refusedSubscription(files, ChatEventNotification.subjectFor(randomUUID()))).toBeInstanceOf(
      errors.PermissionViolationError,
    );
    const chat = await bus.as('chat');
    expect(await refusedSubscription(chat, '_INBOX_gateway.>')).toBeInstanceOf(errors.PermissionViolationError);
    expect(await refusedSubscription(chat, '_INBOX.>')).toBeInstanceOf(errors.PermissionViolationError);
    // The gateway relays chat events and must not be able to forge one.
    const gateway = await bus.as('gateway');
    const forgedEvent = await failure(gateway.request(ChatEventNotification.subjectFor(randomUUID()), '{}', { timeout: 3_000 }));
    expect(denied(forgedEvent)).toBe(true);
  });

  it('gives the on-behalf-of channel to the callers the registry names only', async () => {
    const userId = randomUUID();
    // chat may ask billing for a user's plan on its internal subject...
    const plan = await new NatsRequester(await bus.as('chat'), 10_000).request(PlanForUserContract, {}, { userSub: userId });
    expect(plan.plan.id).toBe('free');
    // ...the gateway may not use that channel (it must prove the user with an assertion),
    const internal = internalSubject(Subjects.billing.planForUser);
    expect(denied(await failure(rawRequest(await bus.as('gateway'), internal, { [Headers.onBehalfOf]: userId })))).toBe(true);
    // ...nor may users, which calls no one.
    expect(denied(await failure(rawRequest(await bus.as('users'), internal, { [Headers.onBehalfOf]: userId })))).toBe(true);
  });

  it('lets a service use JetStream only for its own streams and declared consumers', async () => {
    // users may not read the MEMBERSHIP stream through a consumer it did not declare,
    const users = await jetstreamManager(await bus.as('users'));
    expect(
      await failure(
        users.consumers.add('MEMBERSHIP', { durable_name: `rogue-${randomUUID().slice(0, 8)}`, filter_subject: 'membership.activated' }),
      ),
    ).toBeInstanceOf(Error);
    // chat may not pull from users' durable consumer (it would steal and ack its events),
    const chatJs = jetstream(await bus.as('chat'));
    expect(await failure(chatJs.consumers.get('MEMBERSHIP', 'users-membership-activated'))).toBeInstanceOf(Error);
    // and files may not change or delete billing's stream.
    const files = await jetstreamManager(await bus.as('files'));
    expect(await failure(files.streams.delete('MEMBERSHIP'))).toBeInstanceOf(Error);
    expect((await (await jetstreamManager(await bus.as('ops'))).streams.info('MEMBERSHIP')).config.name).toBe('MEMBERSHIP');
  });
});
