import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiscardPolicy, jetstreamManager } from '@nats-io/jetstream';
import { MembershipActivatedEvent, type EventOf } from '@tasksensei/contracts';
import { Stack, freePorts } from '@tasksensei/devstack';
import { EventPublisher } from '@tasksensei/platform';
import { busOf, type TestBus } from '../../../test/support/nats.js';
import { busEvents, profileOf, registerUser, usersCaughtUp } from '../../../test/support/membership.js';
import { checkoutCompleted, newMember, postWebhook, webhookSecretOf } from '../../../test/support/stripe.js';
import { expectEventually, testStack } from '../../../test/support/test-stack.js';

const MEMBERS = 12;

describe('membership events across outages (a stack of its own)', () => {
  // A stack of our own (own NATS, own services) over the run's stores, so stopping users here
  // cannot disturb other tests.
  let stack: Stack;
  let dataDir: string;
  let bus: TestBus;

  beforeAll(async () => {
    const shared = testStack().ports;
    dataDir = mkdtempSync(join(tmpdir(), 'tasksensei-restart-'));
    const ports = { ...(await freePorts()), dynamodb: shared.dynamodb, s3: shared.s3, chroma: shared.chroma };
    // A quick outbox relay, so the bus-outage test does not wait for the default 5 s grace.
    const env = { OUTBOX_RELAY_GRACE_MS: '300', OUTBOX_RELAY_INTERVAL_MS: '200' };
    stack = await new Stack({ dataDir, ports, startStores: false, logLevel: 'warn', env }).start();
    bus = busOf(stack);
  }, 120_000);

  afterAll(async () => {
    await bus?.close();
    await stack?.stop();
    stack?.killAll();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('with the users service stopped while activations are published, applies every one exactly once after its restart', async () => {
    const userIds = await Promise.all(Array.from({ length: MEMBERS }, () => registerUser(bus)));
    for (const userId of userIds) expect((await profileOf(bus, userId)).version).toBe(1);

    await stack.stopComponent('users');
    const secret = webhookSecretOf(dataDir);
    const members = userIds.map(newMember);
    for (const member of members) {
      const response = await postWebhook(stack.gatewayUrl, checkoutCompleted(member), { secret });
      expect(response.status).toBe(200);
    }
    // Billing published them all while users was down.
    await expectEventually(async () => {
      const published = (await busEvents<EventOf<typeof MembershipActivatedEvent>>(bus, 'membership.activated')).filter((e) =>
        userIds.includes(e.data.userId),
      );
      expect(published).toHaveLength(MEMBERS);
      // The same change again under another bus id (a publisher retrying with a fresh id): users
      // recognises the Stripe event by its order key and does not apply it twice.
      for (const event of published.slice(0, 4))
        await new EventPublisher(await bus.as('billing')).publish(MembershipActivatedEvent, { ...event, id: randomUUID() });
    });

    await stack.startService('users');
    await usersCaughtUp(bus);
    for (const userId of userIds) {
      const profile = await profileOf(bus, userId);
      expect(profile.membership).toEqual(expect.objectContaining({ tier: 'pro', status: 'active' }));
      expect(profile.version).toBe(2);
    }
  }, 120_000);

  const billingMetrics = async (): Promise<string> => (await fetch(`http://127.0.0.1:${stack.ports.billing}/metrics`)).text();

  it('when the bus refuses the publish, answers Stripe 200 and the outbox relay publishes once it accepts again', async () => {
    const userId = await registerUser(bus);
    const jsm = await jetstreamManager(await bus.as('billing'));
    const { state } = await jsm.streams.info('MEMBERSHIP');
    // The stream stops taking messages (full, discard new): billing's publish fails after the state write.
    await jsm.streams.update('MEMBERSHIP', { discard: DiscardPolicy.New, max_msgs: state.messages });
    try {
      const event = checkoutCompleted(newMember(userId));
      expect((await postWebhook(stack.gatewayUrl, event, { secret: webhookSecretOf(dataDir) })).status).toBe(200);
      // The relay has seen the entry (past its grace) and failed to publish it, then passed again.
      const sawIt = await expectEventually(async () => {
        const scrape = await billingMetrics();
        expect(metricValue(scrape, 'tasksensei_billing_outbox_pending')).toBeGreaterThanOrEqual(1);
        return metricValue(scrape, 'tasksensei_sweep_ticks_total', 'sweep="outbox relay"');
      });
      await expectEventually(async () =>
        expect(metricValue(await billingMetrics(), 'tasksensei_sweep_ticks_total', 'sweep="outbox relay"')).toBeGreaterThanOrEqual(
          sawIt + 2,
        ),
      );
      expect((await profileOf(bus, userId)).membership.tier).toBe('free');
      expect((await busEvents(bus, 'membership.activated')).filter((e) => e.data.userId === userId)).toHaveLength(0);
    } finally {
      await jsm.streams.update('MEMBERSHIP', { discard: DiscardPolicy.Old, max_msgs: -1 });
    }
    await expectEventually(async () => expect((await profileOf(bus, userId)).membership.tier).toBe('pro'));
    await usersCaughtUp(bus);
    expect((await busEvents(bus, 'membership.activated')).filter((e) => e.data.userId === userId)).toHaveLength(1);
  }, 60_000);
});

/** The sum of a metric's samples in a Prometheus text scrape, over the series whose labels hold `labels`. */
function metricValue(scrape: string, name: string, labels = ''): number {
  let sum = 0;
  for (const line of scrape.split('\n')) {
    const match = /^([a-z_]+)(\{[^}]*\})? ([0-9.e+-]+)$/.exec(line);
    if (match?.[1] === name && (match[2] ?? '').includes(labels)) sum += Number(match[3]);
  }
  return sum;
}
