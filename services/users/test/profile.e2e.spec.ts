import { randomUUID } from 'node:crypto';
import { headers as natsHeaders } from '@nats-io/transport-node';
import {
  ErrorCode,
  GetProfileContract,
  Headers,
  ServiceError,
  Subjects,
  UpdateProfileContract,
  UserRegisteredEvent,
  type RequestOf,
} from '@tasksensei/contracts';
import { EventPublisher, UserAssertionSigner, type NatsConnection, type NatsRequester } from '@tasksensei/platform';
import { TestBus } from '../../../test/support/nats.js';
import { profileOf, registerUser } from '../../../test/support/membership.js';
import { expectEventually, testStack } from '../../../test/support/test-stack.js';

/** The users service over NATS, as the gateway calls it (the verified caller in the headers). */
describe('profiles (users service, DynamoDB)', () => {
  let bus: TestBus;
  let nc: NatsConnection;
  let requester: NatsRequester;

  beforeAll(async () => {
    bus = new TestBus();
    nc = await bus.as('gateway');
    requester = await bus.requester();
  });
  afterAll(async () => {
    await bus.close();
  });

  const update = (userId: string, body: RequestOf<typeof UpdateProfileContract>) =>
    requester.request(UpdateProfileContract, body, { userSub: userId });
  const failure = async (promise: Promise<unknown>): Promise<ServiceError> => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ServiceError);
    return error as ServiceError;
  };

  it('creates the profile from user.registered, once: a redelivered registration changes nothing', async () => {
    const userId = await registerUser(bus, 'ada.lovelace@example.com');
    const profile = await profileOf(bus, userId);
    expect(profile).toEqual(
      expect.objectContaining({
        userId,
        email: 'ada.lovelace@example.com',
        displayName: 'ada.lovelace',
        preferences: {},
        membership: { tier: 'free', status: 'active' },
        version: 1,
      }),
    );

    await new EventPublisher(await bus.as('auth')).publish(UserRegisteredEvent, {
      id: randomUUID(),
      type: 'user.registered',
      occurredAt: new Date().toISOString(),
      data: { userId, email: 'other@example.com' },
    });
    const marker = await registerUser(bus); // registrations are consumed in order: once this one is in, so is the repeat
    expect(marker).toBeDefined();
    expect(await profileOf(bus, userId)).toEqual(profile);
  });

  it('updates fields, clears them with null, and replaces preferences', async () => {
    const userId = await registerUser(bus);
    const changed = await update(userId, {
      displayName: '  Grace Hopper ',
      company: 'Navy',
      timezone: 'America/New_York',
      preferences: { theme: 'dark', digest: { daily: true } },
    });
    expect(changed).toEqual(
      expect.objectContaining({
        displayName: 'Grace Hopper',
        company: 'Navy',
        timezone: 'America/New_York',
        preferences: { theme: 'dark', digest: { daily: true } },
        version: 2,
      }),
    );

    const cleared = await update(userId, { company: null, timezone: null, preferences: {}, expectedVersion: 2 });
    expect(cleared).not.toHaveProperty('company');
    expect(cleared).not.toHaveProperty('timezone');
    expect(cleared.preferences).toEqual({});
    expect(cleared.version).toBe(3);
    expect(await profileOf(bus, userId)).toEqual(cleared);
  });

  it('refuses invalid and unknown fields itself, not only through the gateway (a raw request past the contract check)', async () => {
    const userId = await registerUser(bus);
    const signer = await UserAssertionSigner.fromJwkFile(testStack().assertionSigningKeyFile, 60);
    for (const data of [
      { displayName: 'ok', role: 'admin' },
      { timezone: 'Mars/Olympus_Mons' },
      { preferences: { blob: 'x'.repeat(9_000) } },
    ]) {
      const h = natsHeaders();
      h.set(Headers.userAssertion, await signer.sign({ sub: userId }, 'users'));
      const reply = await nc.request(
        Subjects.users.updateProfile,
        JSON.stringify({ pattern: Subjects.users.updateProfile, data, id: randomUUID() }),
        { timeout: 5_000, headers: h },
      );
      expect(reply.json<{ err?: { code: string; errors?: unknown[] } }>().err).toEqual(
        expect.objectContaining({ code: ErrorCode.ValidationFailed, errors: expect.any(Array) }),
      );
    }
    expect((await profileOf(bus, userId)).version).toBe(1);
  });

  it('accepts a display name of 100 characters counted as a person counts them (emoji are one)', async () => {
    const userId = await registerUser(bus);
    const name = '🦊'.repeat(100);
    expect((await update(userId, { displayName: name })).displayName).toBe(name);
  });

  it('answers a stale expectedVersion with Conflict and leaves the profile alone', async () => {
    const userId = await registerUser(bus);
    await update(userId, { displayName: 'First', expectedVersion: 1 });
    const error = await failure(update(userId, { displayName: 'Late', expectedVersion: 1 }));
    expect(error.code).toBe(ErrorCode.Conflict);
    expect((await profileOf(bus, userId)).displayName).toBe('First');
  });

  it('loses no update among 20 concurrent writers using versions', async () => {
    const userId = await registerUser(bus);
    // Each writer adds its own key to preferences: read, write with expectedVersion, retry on Conflict.
    const writer = async (i: number) => {
      for (let attempt = 0; attempt < 200; attempt++) {
        const current = await profileOf(bus, userId);
        try {
          await update(userId, { preferences: { ...current.preferences, [`writer${i}`]: attempt }, expectedVersion: current.version });
          return attempt;
        } catch (error) {
          if (!(error instanceof ServiceError && error.code === ErrorCode.Conflict)) throw error;
        }
      }
      throw new Error(`writer ${i} never got through`);
    };
    const attempts = await Promise.all(Array.from({ length: 20 }, (_, i) => writer(i)));

    const final = await profileOf(bus, userId);
    expect(Object.keys(final.preferences).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `writer${i}`).sort());
    expect(final.version).toBe(1 + 20);
    expect(attempts.some((a) => a > 0)).toBe(true); // they really did collide
  }, 60_000);

  it('answers NotFound for a user without a profile and Unauthenticated without a verified caller', async () => {
    expect((await failure(requester.request(GetProfileContract, {}, { userSub: randomUUID() }))).code).toBe(ErrorCode.NotFound);
    expect((await failure(update(randomUUID(), { displayName: 'ghost' }))).code).toBe(ErrorCode.NotFound);
    expect((await failure(requester.request(GetProfileContract, {}))).code).toBe(ErrorCode.Unauthenticated);
  });

  it('keeps a membership that arrived before the registration', async () => {
    // Two streams, no order between them: billing's event may be consumed first.
    const userId = randomUUID();
    await new EventPublisher(await bus.as('billing')).publish((await import('@tasksensei/contracts')).MembershipActivatedEvent, {
      id: randomUUID(),
      type: 'membership.activated',
      occurredAt: new Date().toISOString(),
      data: { userId, tier: 'pro', stripeCustomerId: 'cus_early' },
    });
    await expectEventually(async () => expect(await failure(profileOf(bus, userId))).toBeDefined());
    await new EventPublisher(await bus.as('auth')).publish(UserRegisteredEvent, {
      id: randomUUID(),
      type: 'user.registered',
      occurredAt: new Date().toISOString(),
      data: { userId, email: 'early@example.com' },
    });
    await expectEventually(async () => expect((await profileOf(bus, userId)).membership).toEqual({ tier: 'pro', status: 'active' }));
  });
});
