import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CheckoutContract,
  ErrorCode,
  LocalCheckoutViewContract,
  PortalContract,
  type Plan,
  type ServiceError,
} from '@tasksensei/contracts';
import { Stack, freePorts, repoRoot } from '@tasksensei/devstack';
import type { NatsRequester } from '@tasksensei/platform';
import { busOf, type TestBus } from '../../../test/support/nats.js';
import { FakeStripe } from '../../../test/support/fake-stripe.js';
import { profileOf, registerUser, usersCaughtUp } from '../../../test/support/membership.js';
import {
  checkoutCompleted,
  newMember,
  nowSeconds,
  postWebhook,
  subscriptionDeleted,
  subscriptionObject,
} from '../../../test/support/stripe.js';
import { expectEventually, expectProblem, request, testStack } from '../../../test/support/test-stack.js';

const SECRET = 'whsec_fakeStripeEndpointSecret01';
const KEY = 'sk_test_fakeKey0123456789';

describe('with a Stripe key: the real SDK against a server speaking Stripe wire format', () => {
  let stack: Stack;
  let dataDir: string;
  let bus: TestBus;
  let requester: NatsRequester;
  const stripe = new FakeStripe();

  beforeAll(async () => {
    await stripe.start();
    const shared = testStack().ports;
    dataDir = mkdtempSync(join(tmpdir(), 'tasksensei-stripe-'));
    const plans = (JSON.parse(readFileSync(join(repoRoot, 'services/billing/config/plans.json'), 'utf8')) as Plan[]).map((p) =>
      p.priceCents > 0 ? { ...p, stripePriceId: `price_test_${p.id}` } : p,
    );
    writeFileSync(join(dataDir, 'plans.json'), JSON.stringify(plans));
    const ports = { ...(await freePorts()), dynamodb: shared.dynamodb, s3: shared.s3, chroma: shared.chroma };
    const env = {
      STRIPE_SECRET_KEY: KEY,
      STRIPE_WEBHOOK_SECRET: SECRET,
      STRIPE_API_HOST: '127.0.0.1',
      STRIPE_API_PORT: String(stripe.port),
      STRIPE_API_PROTOCOL: 'http',
      PLANS_FILE: join(dataDir, 'plans.json'),
      // Its own tables: a Stripe-mode billing next to the run's local-mode one.
      DYNAMODB_TABLE_PREFIX: 'stripe-mode-',
    };
    stack = await new Stack({ dataDir, ports, startStores: false, logLevel: 'warn', env }).start();
    bus = busOf(stack);
    requester = await bus.requester();
  }, 120_000);

  afterAll(async () => {
    await bus?.close();
    await stack?.stop();
    stack?.killAll();
    await stripe.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const checkout = (userId: string) => requester.request(CheckoutContract, { planId: 'pro' }, { userSub: userId });
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (e: unknown) => e as ServiceError,
    );

  it('creates a subscription-mode Checkout Session with the user, the plan price, an idempotency key and URLs on PUBLIC_URL', async () => {
    const userId = await registerUser(bus);
    const session = await checkout(userId);

    expect(session.url).toMatch(/^https:\/\/checkout\.stripe\.test\/c\/pay\/cs_test_/);
    const [call] = stripe.calls('POST', '/v1/checkout/sessions').filter((c) => c.params.client_reference_id === userId);
    expect(call!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(call!.headers['idempotency-key']).toMatch(/^checkout-[0-9a-f]{48}$/);
    expect(call!.params).toEqual(
      expect.objectContaining({
        mode: 'subscription',
        'line_items[0][price]': 'price_test_pro',
        'line_items[0][quantity]': '1',
        client_reference_id: userId,
        'metadata[userId]': userId,
        'metadata[planId]': 'pro',
        'subscription_data[metadata][userId]': userId,
        'subscription_data[metadata][planId]': 'pro',
        success_url: `http://localhost:${stack.ports.gateway}/billing/checkout/success?session_id={CHECKOUT_SESSION_ID}`,
        cancel_url: `http://localhost:${stack.ports.gateway}/billing/checkout/cancel`,
      }),
    );
    expect(call!.params).not.toHaveProperty('customer');

    // A double click sends the same idempotency key, so Stripe answers with the same session.
    await checkout(userId);
    const keys = stripe
      .calls('POST', '/v1/checkout/sessions')
      .filter((c) => c.params.client_reference_id === userId)
      .map((c) => c.headers['idempotency-key']);
    expect(new Set(keys).size).toBe(1);
  });

  it('re-fetches the subscription for the truth, refuses a second checkout for a member, and reuses the customer afterwards', async () => {
    const userId = await registerUser(bus);
    const member = newMember(userId);
    // The event says "completed", but by now Stripe has the subscription past_due: the truth wins.
    stripe.subscriptions.set(member.subscription, subscriptionObject(member, { status: 'past_due', priceId: 'price_test_pro' }));
    expect(
      (await postWebhook(stack.gatewayUrl, checkoutCompleted(member, { created: nowSeconds() - 30 }), { secret: SECRET })).status,
    ).toBe(200);
    expect(stripe.calls('GET', `/v1/subscriptions/${member.subscription}`)).toHaveLength(1);
    await expectEventually(async () =>
      expect((await profileOf(bus, userId)).membership).toEqual(expect.objectContaining({ tier: 'pro', status: 'past_due' })),
    );

    expect((await failure(checkout(userId)))?.code).toBe(ErrorCode.Conflict);

    stripe.subscriptions.set(member.subscription, subscriptionObject(member, { status: 'canceled', priceId: 'price_test_pro' }));
    expect((await postWebhook(stack.gatewayUrl, subscriptionDeleted(member), { secret: SECRET })).status).toBe(200);
    await expectEventually(async () => expect((await profileOf(bus, userId)).membership.tier).toBe('free'));
    await usersCaughtUp(bus);

    await checkout(userId);
    expect(
      stripe
        .calls('POST', '/v1/checkout/sessions')
        .filter((c) => c.params.client_reference_id === userId)
        .at(-1)!.params.customer,
    ).toBe(member.customer);
  });

  it('opens the Stripe customer portal for the member', async () => {
    const userId = await registerUser(bus);
    const member = newMember(userId);
    stripe.subscriptions.set(member.subscription, subscriptionObject(member, { status: 'active', priceId: 'price_test_pro' }));
    expect((await postWebhook(stack.gatewayUrl, checkoutCompleted(member), { secret: SECRET })).status).toBe(200);
    await expectEventually(async () => expect((await profileOf(bus, userId)).membership.tier).toBe('pro'));

    const { url } = await requester.request(PortalContract, {}, { userSub: userId });
    expect(url).toMatch(/^https:\/\/billing\.stripe\.test\/p\/session\//);
    expect(stripe.calls('POST', '/v1/billing_portal/sessions').at(-1)!.params).toEqual({
      customer: member.customer,
      return_url: `http://localhost:${stack.ports.gateway}/billing/portal/return`,
    });
  });

  it('has no local checkout page', async () => {
    const error = await failure(requester.request(LocalCheckoutViewContract, { sessionId: 'cs_local_AAAAAAAAAAAAAAAAAAAAAAAA' }));
    expect(error?.code).toBe(ErrorCode.NotFound);
    expectProblem(await request(`${stack.gatewayUrl}/billing/local-checkout/cs_local_AAAAAAAAAAAAAAAAAAAAAAAA`), 404);
  });
});
