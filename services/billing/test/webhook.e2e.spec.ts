import { PlanForUserContract } from '@tasksensei/contracts';
import { TestBus } from '../../../test/support/nats.js';
import { busEvents, profileOf, registerUser, usersCaughtUp } from '../../../test/support/membership.js';
import {
  checkoutCompleted,
  invoicePaymentFailed,
  newMember,
  nowSeconds,
  otherEvent,
  postWebhook,
  subscriptionDeleted,
  webhookSecretOf,
  type Member,
  type PostOptions,
  type StripeTestEvent,
} from '../../../test/support/stripe.js';
import { expectEventually, expectProblem, testStack } from '../../../test/support/test-stack.js';

describe('POST /webhook (Stripe events signed by the Stripe SDK)', () => {
  let bus: TestBus;
  let secret: string;
  const gatewayUrl = () => testStack().gatewayUrl;
  const post = (body: StripeTestEvent | string, options: Partial<PostOptions> = {}) =>
    postWebhook(gatewayUrl(), body, { secret, ...options });

  beforeAll(async () => {
    bus = new TestBus();
    secret = webhookSecretOf(testStack().dataDir);
  });
  afterAll(async () => {
    await bus.close();
  });

  async function member(): Promise<Member & { version: number }> {
    const userId = await registerUser(bus);
    return { ...newMember(userId), version: (await profileOf(bus, userId)).version };
  }

  const planForUser = async (userId: string) => (await bus.requester()).request(PlanForUserContract, {}, { userSub: userId });

  it('applies 10 concurrent deliveries of one event once: one membership.activated on the bus, one profile change', async () => {
    const m = await member();
    const event = checkoutCompleted(m);

    const responses = await Promise.all(Array.from({ length: 10 }, () => post(event)));

    for (const response of responses) {
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ received: true });
    }
    await expectEventually(async () =>
      expect((await profileOf(bus, m.userId)).membership).toEqual(expect.objectContaining({ tier: 'pro', status: 'active' })),
    );
    await usersCaughtUp(bus);
    const activations = (await busEvents(bus, 'membership.activated')).filter((e) => e.data.userId === m.userId);
    expect(activations).toHaveLength(1);
    expect(activations[0]!.id).toBe(`billing-${event.id}`);
    expect((await profileOf(bus, m.userId)).version).toBe(m.version + 1);
    expect((await planForUser(m.userId)).plan.id).toBe('pro');
  });

  it.each([
    ['a forged signature', (body: string) => ({ signature: `t=${nowSeconds()},v1=${'0'.repeat(64)}`, body })],
    ['a signature made with another secret', (body: string) => ({ secret: 'whsec_someoneelse0000000000', body })],
    ['a stale timestamp (10 minutes old)', (body: string) => ({ timestamp: nowSeconds() - 600, body })],
    ['no Stripe-Signature header', (body: string) => ({ signature: null, body })],
    ['malformed JSON (validly signed)', (body: string) => ({ body: body.slice(0, -3) })],
  ])('answers %s with a 400 problem and records nothing', async (_label, variant) => {
    const m = await member();
    const event = checkoutCompleted(m);
    const { body, ...options } = variant(JSON.stringify(event));

    const response = await post(body, options as Partial<PostOptions>);

    expectProblem(response, 400);
    expect((await profileOf(bus, m.userId)).membership.tier).toBe('free');
    // Nothing was recorded: the same event, properly signed, is still applied the first time.
    expect((await post(event)).status).toBe(200);
    await expectEventually(async () => expect((await profileOf(bus, m.userId)).membership.tier).toBe('pro'));
  });

  it('ignores a cancellation older than the activation, and applies a newer one (back to free)', async () => {
    const m = await member();
    const activatedAt = nowSeconds() - 100;
    expect((await post(checkoutCompleted(m, { created: activatedAt }))).status).toBe(200);
    await expectEventually(async () => expect((await profileOf(bus, m.userId)).membership.tier).toBe('pro'));

    expect((await post(subscriptionDeleted(m, { created: activatedAt - 50 }))).status).toBe(200);
    await usersCaughtUp(bus);
    expect((await profileOf(bus, m.userId)).membership).toEqual(expect.objectContaining({ tier: 'pro', status: 'active' }));
    expect((await busEvents(bus, 'membership.deactivated')).filter((e) => e.data.userId === m.userId)).toHaveLength(0);

    expect((await post(subscriptionDeleted(m, { created: activatedAt + 50 }))).status).toBe(200);
    await expectEventually(async () => expect((await profileOf(bus, m.userId)).membership).toEqual({ tier: 'free', status: 'canceled' }));
    expect((await planForUser(m.userId)).plan.id).toBe('free');
  });

  it('marks a failed renewal past_due, keeping the paid tier', async () => {
    const m = await member();
    expect((await post(checkoutCompleted(m, { created: nowSeconds() - 60 }))).status).toBe(200);
    expect((await post(invoicePaymentFailed(m))).status).toBe(200);

    await expectEventually(async () =>
      expect((await profileOf(bus, m.userId)).membership).toEqual(expect.objectContaining({ tier: 'pro', status: 'past_due' })),
    );
    const entitled = await planForUser(m.userId);
    expect(entitled.plan.id).toBe('pro');
    expect(entitled.membership.status).toBe('past_due');
  });

  it('acknowledges event types billing does not act on, and events for unknown plans, without changing anything', async () => {
    const m = await member();
    expect(await post(otherEvent('customer.created'))).toEqual(expect.objectContaining({ status: 200, body: { received: true } }));
    expect((await post(checkoutCompleted(m, { planId: 'platinum' }))).status).toBe(200);
    await usersCaughtUp(bus);
    expect((await profileOf(bus, m.userId)).version).toBe(m.version);
  });
});
