import { ErrorCode, ServiceError } from '@tasksensei/contracts';
import { type Clock, createLogger } from '@tasksensei/platform';
import Stripe from 'stripe';
import { DeliverOutboxEntryUseCase } from '../outbox/deliver-outbox-entry.usecase.js';
import type { MembershipBus } from '../outbox/membership-bus.js';
import { OutboxRelay } from '../outbox/outbox-relay.js';
import type { OutboxEntry, OutboxStore } from '../outbox/outbox.store.js';
import { PriceSheet } from '../plans/price-sheet.js';
import { WebhookVerifier } from '../stripe/webhook-verifier.js';
import type { SubscriptionRecord, SubscriptionStore } from '../subscriptions/subscription.store.js';
import type { EventLogEntry, EventLogStore } from './event-log.repository.js';
import type { MembershipChange } from './membership-change.js';
import { ProcessWebhookUseCase } from './process-webhook.usecase.js';

/* In-memory stores with the DynamoDB semantics the use case relies on (conditional writes). */
class MemoryEventLog implements EventLogStore {
  readonly entries = new Map<string, EventLogEntry>();
  async record(entry: EventLogEntry) {
    if (this.entries.has(entry.eventId)) return false;
    this.entries.set(entry.eventId, entry);
    return true;
  }
}

class MemoryOutbox implements OutboxStore {
  readonly entries = new Map<string, OutboxEntry>();
  writes = 0;
  saved?: Date;
  /** The process dies right after the entry is written. */
  crashAfterNextAdd = false;
  async add(entry: OutboxEntry) {
    this.writes++;
    if (this.entries.has(entry.eventId)) return false;
    this.entries.set(entry.eventId, entry);
    if (this.crashAfterNextAdd) {
      this.crashAfterNextAdd = false;
      throw new Error('process crashed');
    }
    return true;
  }
  async listCreated(from: Date, until: Date, limit: number, start?: Record<string, unknown>) {
    const all = [...this.entries.values()]
      .filter((e) => e.createdAt >= from.toISOString() && e.createdAt <= until.toISOString())
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    const offset = Number(start?.offset ?? 0);
    const entries = all.slice(offset, offset + limit);
    return { entries, ...(offset + limit < all.length ? { next: { offset: offset + limit } } : {}) };
  }
  async checkpoint() {
    return this.saved;
  }
  async saveCheckpoint(at: Date) {
    if (!this.saved || this.saved < at) this.saved = at;
  }
}

class MemorySubscriptions implements SubscriptionStore {
  readonly rows = new Map<string, SubscriptionRecord>();
  writes = 0;
  failNextApply = false;
  async get(userId: string) {
    return this.rows.get(userId);
  }
  async userForCustomer(customer: string) {
    return [...this.rows.values()].find((r) => r.stripeCustomerId === customer)?.userId;
  }
  async apply(change: MembershipChange, now: Date) {
    this.writes++;
    if (this.failNextApply) {
      this.failNextApply = false;
      throw new Error('DynamoDB unreachable');
    }
    const current = this.rows.get(change.userId);
    if (current && current.sourceOrder > change.sourceOrder) return false;
    this.rows.set(change.userId, {
      userId: change.userId,
      tier: change.tier,
      status: change.status,
      ...((change.stripeCustomerId ?? current?.stripeCustomerId)
        ? { stripeCustomerId: change.stripeCustomerId ?? current?.stripeCustomerId }
        : {}),
      ...(change.stripeSubscriptionId ? { stripeSubscriptionId: change.stripeSubscriptionId } : {}),
      ...(change.currentPeriodEnd ? { currentPeriodEnd: change.currentPeriodEnd } : {}),
      sourceOrder: change.sourceOrder,
      sourceEventId: change.sourceEventId,
      updatedAt: now.toISOString(),
    });
    return true;
  }
}

/** Like JetStream with Nats-Msg-Id: a second publish of an id is dropped. */
class MemoryBus implements MembershipBus {
  readonly stored: { subject: string; id: string; userId: string; order: string }[] = [];
  attempts = 0;
  down = false;
  /** The next publishes that time out. */
  failures = 0;
  async publish(subject: string, envelope: unknown) {
    this.attempts++;
    if (this.down) throw new Error('no responders');
    if (this.failures > 0) {
      this.failures--;
      throw new Error('publish timed out');
    }
    const { id, data } = envelope as { id: string; data: { userId: string; sourceOrder: string } };
    if (!this.stored.some((e) => e.id === id)) this.stored.push({ subject, id, userId: data.userId, order: data.sourceOrder });
  }
}

const SECRET = 'whsec_unit_test_secret_0001';
const silent = createLogger('test', 'silent');

function setup() {
  let now = new Date('2026-01-01T00:00:00Z');
  const clock: Clock = { now: () => now };
  const eventLog = new MemoryEventLog();
  const outbox = new MemoryOutbox();
  const subscriptions = new MemorySubscriptions();
  const bus = new MemoryBus();
  const deliver = new DeliverOutboxEntryUseCase(subscriptions, bus, clock);
  const useCase = new ProcessWebhookUseCase({
    verifier: new WebhookVerifier(SECRET, 300),
    eventLog,
    outbox,
    subscriptions,
    deliver,
    provider: {
      local: true,
      createCheckoutSession: () => Promise.reject(new Error('not used')),
      createPortalSession: () => Promise.reject(new Error('not used')),
      currentSubscription: async () => undefined,
      cancelSubscription: () => Promise.reject(new Error('not used')),
    },
    plans: PriceSheet.load().plans,
    clock,
    logger: silent,
  });
  const relay = new OutboxRelay(
    outbox,
    deliver,
    { isClosed: () => false, isDraining: () => false } as never,
    { intervalMs: 1_000, graceMs: 5_000 },
    clock,
    silent,
  );
  const send = (event: object) => {
    const payload = JSON.stringify(event);
    return useCase.execute(Buffer.from(payload), Stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET }));
  };
  return { useCase, relay, send, eventLog, outbox, subscriptions, bus, advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
}

const checkout = (id: string, created: number, userId = 'u1') => ({
  id,
  object: 'event',
  type: 'checkout.session.completed',
  created,
  data: {
    object: {
      id: 'cs_1',
      object: 'checkout.session',
      mode: 'subscription',
      payment_status: 'paid',
      client_reference_id: userId,
      customer: 'cus_1',
      subscription: 'sub_1',
      metadata: { userId, planId: 'pro' },
    },
  },
});
const deleted = (id: string, created: number, userId = 'u1') => ({
  id,
  object: 'event',
  type: 'customer.subscription.deleted',
  created,
  data: { object: { id: 'sub_1', object: 'subscription', status: 'canceled', customer: 'cus_1', metadata: { userId, planId: 'pro' } } },
});

describe('ProcessWebhookUseCase', () => {
  it('applies an event once and acknowledges repeats, also concurrent ones', async () => {
    const { send, bus, subscriptions } = setup();
    const results = await Promise.all(Array.from({ length: 10 }, () => send(checkout('evt_1', 1_000))));
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(bus.stored.map(({ subject, id }) => ({ subject, id }))).toEqual([{ subject: 'membership.activated', id: 'billing-evt_1' }]);
    expect(subscriptions.rows.get('u1')).toEqual(expect.objectContaining({ tier: 'pro', status: 'active' }));
  });

  it('refuses a bad signature with ValidationFailed and records nothing', async () => {
    const { useCase, eventLog, outbox } = setup();
    const error = await useCase.execute(Buffer.from(JSON.stringify(checkout('evt_1', 1_000))), 't=1,v1=abc').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as ServiceError).code).toBe(ErrorCode.ValidationFailed);
    expect(eventLog.entries.size + outbox.entries.size).toBe(0);
  });

  it('writes twice per accepted event (the entry, the state) and once per repeat, which changes nothing', async () => {
    const { send, outbox, subscriptions, bus, eventLog } = setup();
    await send(checkout('evt_1', 1_000));
    expect({ outbox: outbox.writes, state: subscriptions.writes, log: eventLog.entries.size, publishes: bus.attempts }).toEqual({
      outbox: 1,
      state: 1,
      log: 0,
      publishes: 1,
    });
    expect(await send(checkout('evt_1', 1_000))).toEqual({ received: true, duplicate: true });
    expect({ outbox: outbox.writes, state: subscriptions.writes, publishes: bus.attempts }).toEqual({ outbox: 2, state: 1, publishes: 1 });
  });

  it('does not publish an event older than the state it would change', async () => {
    const { send, bus, subscriptions } = setup();
    await send(checkout('evt_new', 2_000));
    await send(deleted('evt_old', 1_000));
    expect(subscriptions.rows.get('u1')?.tier).toBe('pro');
    expect(bus.stored.map((e) => e.id)).toEqual(['billing-evt_new']);
  });

  it('answers 200 while the bus is down and the relay publishes later, once', async () => {
    const { send, bus, relay, advance } = setup();
    bus.down = true;
    expect(await send(checkout('evt_1', 1_000))).toEqual({ received: true });
    expect(bus.stored).toHaveLength(0);

    bus.down = false;
    await relay.sweep(); // inside the grace period: left alone
    expect(bus.stored).toHaveLength(0);
    advance(10_000);
    await relay.sweep();
    const attempts = bus.attempts;
    advance(10_000);
    await relay.sweep();
    expect(bus.stored.map(({ subject, id }) => ({ subject, id }))).toEqual([{ subject: 'membership.activated', id: 'billing-evt_1' }]);
    // The second pass starts after the checkpoint: it does not publish it again.
    expect(bus.attempts).toBe(attempts);
  });

  it('leaves what the request finished to it: the relay publishes nothing again', async () => {
    const { send, bus, relay, advance, outbox } = setup();
    for (let i = 0; i < 5; i++) await send(checkout(`evt_${i}`, 1_000 + i, `u${i}`));
    advance(10_000);
    await relay.sweep();
    expect(bus.attempts).toBe(5);
    expect(outbox.saved).toBeDefined();
  });

  it('finishes from the outbox alone when the process dies after the entry and Stripe never retries', async () => {
    const { send, bus, outbox, relay, advance, subscriptions } = setup();
    outbox.crashAfterNextAdd = true;
    await expect(send(checkout('evt_1', 1_000))).rejects.toThrow('process crashed');
    advance(10_000);
    await relay.sweep();
    expect(bus.stored.map(({ subject, id }) => ({ subject, id }))).toEqual([{ subject: 'membership.activated', id: 'billing-evt_1' }]);
    expect(subscriptions.rows.get('u1')?.tier).toBe('pro');
  });

  it('a Stripe retry after that crash is a duplicate: the relay, not the retry, finishes it', async () => {
    const { send, bus, outbox, relay, advance } = setup();
    outbox.crashAfterNextAdd = true;
    await expect(send(checkout('evt_1', 1_000))).rejects.toThrow();
    expect(await send(checkout('evt_1', 1_000))).toEqual({ received: true, duplicate: true });
    advance(10_000);
    await relay.sweep();
    expect(bus.stored).toHaveLength(1);
  });

  it('republishes an entry whose state was written but whose publish was lost, without writing the state again', async () => {
    const { send, bus, relay, advance, subscriptions } = setup();
    bus.down = true;
    await send(checkout('evt_1', 1_000));
    expect(subscriptions.rows.get('u1')?.tier).toBe('pro');
    const writes = subscriptions.writes;
    bus.down = false;
    advance(10_000);
    await relay.sweep();
    expect(bus.stored.map((e) => e.id)).toEqual(['billing-evt_1']);
    expect(subscriptions.writes).toBe(writes);
  });

  it('relays a backlog of many users at once, each user in order, and keeps what failed for the next pass', async () => {
    const { send, bus, relay, advance, subscriptions } = setup();
    bus.down = true;
    const users = Array.from({ length: 30 }, (_, i) => `u${i}`);
    for (let round = 0; round < 5; round++) {
      for (const user of users) await send((round % 2 === 0 ? checkout : deleted)(`evt_${user}_${round}`, 1_000 + round, user));
      advance(1);
    }
    bus.down = false;
    bus.failures = 3;
    advance(10_000);
    await relay.sweep();
    expect(bus.stored).toHaveLength(users.length - 3);
    advance(10_000);
    await relay.sweep();
    // Only the newest change per user is current; the older ones were superseded inline.
    for (const user of users) {
      const own = bus.stored.filter((e) => e.userId === user).map((e) => e.order);
      expect(own).toEqual([...own].sort());
      expect(subscriptions.rows.get(user)?.tier).toBe('pro');
      expect(bus.stored.some((e) => e.id === `billing-evt_${user}_4`)).toBe(true);
    }
  });

  it('ends every random interleaving (with repeats) where the ordered sequence ends', async () => {
    for (let seed = 1; seed <= 40; seed++) {
      let state = seed;
      const next = () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
      const events = Array.from({ length: 12 }, (_, i) => (next() < 0.5 ? checkout : deleted)(`evt_${seed}_${i}`, 1_000 + i * 10));
      const ordered = setup();
      for (const e of events) await ordered.send(e);
      const shuffled = setup();
      const deliveries = [...events, ...events.filter(() => next() < 0.5)].sort(() => next() - 0.5);
      await Promise.all(deliveries.map((e) => shuffled.send(e)));
      const { updatedAt: _a, ...expected } = ordered.subscriptions.rows.get('u1')!;
      const { updatedAt: _b, ...actual } = shuffled.subscriptions.rows.get('u1')!;
      expect(actual).toEqual(expected);
    }
  });
});
