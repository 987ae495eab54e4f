import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { MembershipUpdatedNotification, UserRegisteredEvent } from '@tasksensei/contracts';
import { ProfileReadContract } from './contracts.mjs';
import { EventPublisher, NatsRequester, UserAssertionSigner, connectNats, createLogger } from '@tasksensei/platform';
import autocannon from 'autocannon';
import Stripe from 'stripe';
import { startBaseline } from './baseline.mjs';
import { LOAD } from './load.mjs';
import { cpuMeter, stackProcesses } from './processes.mjs';

/** Accepted webhooks should run at least at this share of the baseline's rate. */
const TARGET_RATIO = 0.5;

/** Share of deliveries that repeat an event already sent (Stripe retries), answered from the dedupe log. */
const REPEAT_SHARE = 0.1;
const LATENCY_SAMPLES = 200;

/**
 * Stripe webhooks end to end: signed `checkout.session.completed` deliveries per second that
 * the gateway and billing accept (verify, dedupe, outbox, state, publish), then the time from
 * a webhook's POST to the users service having stored the new tier (its membership-updated
 * push is sent right after the profile write), one event at a time.
 * @param {import('@tasksensei/devstack').Stack} stack
 * @returns {Promise<import('./report.mjs').Section>}
 */
export async function benchMembership(stack) {
  const secret = readFileSync(join(stack.dataDir, 'billing', 'stripe-webhook-secret'), 'utf8').trim();
  // Each part as the identity that may do it: registrations as auth, reads as the gateway, consumer info as ops.
  const logger = createLogger('bench-membership', 'silent');
  const as = (identity) =>
    connectNats(stack.natsUrl, `bench-membership-${identity}`, logger, { identity, seedFile: stack.seedFileOf(identity) });
  const [nc, auth, ops] = [await as('gateway'), await as('auth'), await as('ops')];
  const signer = await UserAssertionSigner.fromJwkFile(stack.assertionKeys.signingKeyFile, 60);
  try {
    const baseline = await startBaseline(stack);
    let base;
    try {
      base = await acceptRate(`${baseline.url}/webhook`, secret, [
        { name: 'baseline', pid: baseline.pid },
        ...stackProcesses(stack, ['dynamodb']),
      ]);
    } finally {
      await baseline.stop();
    }
    const throughput = await acceptRate(
      `${stack.gatewayUrl}/webhook`,
      secret,
      stackProcesses(stack, ['gateway', 'billing', 'nats', 'dynamodb', 'users']),
    );
    await consumersIdle(ops);
    const latency = await webhookToProfile(stack.gatewayUrl, secret, nc, auth, signer);
    return {
      id: 'membership',
      title: 'Stripe webhooks -> membership',
      rows: [
        { label: 'baseline: dedupe write + state write', url: `${baseline.url}/webhook`, ...base, cpuUsPerReq: null, othersCpuShare: null },
        {
          label: `signed webhooks accepted (${REPEAT_SHARE * 100}% repeats)`,
          url: `${stack.gatewayUrl}/webhook`,
          ...throughput,
          cpuUsPerReq: null,
          othersCpuShare: null,
        },
        {
          label: 'webhook -> profile shows tier (1 at a time)',
          url: `${stack.gatewayUrl}/webhook`,
          ...latency,
          cpuUsPerReq: null,
          othersCpuShare: null,
        },
      ],
      ratio: { label: 'ratio accepted/baseline (req/s)', value: throughput.reqPerSec / base.reqPerSec, target: TARGET_RATIO },
      notes: [
        'baseline: bare node:http straight to dynalite, one conditional put (event id) and one conditional state update per event, same deliveries',
        `accept rate: ${LOAD.connections} connections, each delivery a fresh event for one of 500 users, signed with the SDK's signer`,
        'latency row: p50/p99 from the POST to the users service storing the tier; req/s is that sequential rate',
        'every accepted event is several DynamoDB writes on dynalite (LevelDB), the main cost locally',
      ],
    };
  } finally {
    await Promise.all([nc.drain(), auth.drain(), ops.drain()]);
  }
}

const sign = (secret, event) => {
  const body = JSON.stringify(event);
  return { body, signature: Stripe.webhooks.generateTestHeaderString({ payload: body, secret }) };
};

function checkoutEvent(userId, created) {
  return {
    id: `evt_bench${randomUUID().replaceAll('-', '')}`,
    object: 'event',
    type: 'checkout.session.completed',
    api_version: Stripe.API_VERSION,
    created,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: {
      object: {
        id: `cs_bench${randomUUID().slice(0, 8)}`,
        object: 'checkout.session',
        mode: 'subscription',
        payment_status: 'paid',
        client_reference_id: userId,
        customer: `cus_bench_${userId.slice(0, 8)}`,
        subscription: `sub_bench_${userId.slice(0, 8)}`,
        metadata: { userId, planId: 'pro' },
      },
    },
  };
}

function deletedEvent(userId, created) {
  return {
    ...checkoutEvent(userId, created),
    type: 'customer.subscription.deleted',
    data: {
      object: {
        id: `sub_bench_${userId.slice(0, 8)}`,
        object: 'subscription',
        status: 'canceled',
        customer: `cus_bench_${userId.slice(0, 8)}`,
        metadata: { userId, planId: 'pro' },
      },
    },
  };
}

/**
 * Signed deliveries at LOAD's connections: a warm-up, then the measured run with CPU µs per
 * accepted webhook of each of `processes`.
 */
export async function acceptRate(url, secret, processes) {
  const users = Array.from({ length: 500 }, () => randomUUID());
  const recent = [];
  let created = Math.floor(Date.now() / 1000) - 100_000;
  const next = () => {
    if (recent.length > 0 && Math.random() < REPEAT_SHARE) return recent[Math.floor(Math.random() * recent.length)];
    const delivery = sign(secret, checkoutEvent(users[Math.floor(Math.random() * users.length)], ++created));
    recent.push(delivery);
    if (recent.length > 200) recent.shift();
    return delivery;
  };
  const options = {
    url,
    connections: LOAD.connections,
    pipelining: 1,
    // dynalite on a busy machine can take seconds per write: a slow answer is a figure, not a failure.
    timeout: 60,
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          const { body, signature } = next();
          return { ...request, body, headers: { 'content-type': 'application/json', 'stripe-signature': signature } };
        },
      },
    ],
  };
  await run({ ...options, duration: LOAD.warmupSeconds });
  const meter = cpuMeter(processes);
  const result = await run({ ...options, duration: LOAD.durationSeconds });
  const cpu = meter.perOperation(result.requests.total);
  return { reqPerSec: result.requests.average, p50Ms: result.latency.p50, p99Ms: result.latency.p99, requests: result.requests.total, cpu };
}

async function run(options) {
  const result = await autocannon(options);
  if (result.errors > 0 || result.timeouts > 0 || result.non2xx > 0) {
    throw new Error(
      `${options.url}: ${result.non2xx} non-2xx answers, ${result.errors} errors, ${result.timeouts} timeouts in ${result.requests.total} requests`,
    );
  }
  return result;
}

/** The load above leaves a backlog on the bus: measure latency only once users has drained it. */
export async function consumersIdle(nc) {
  const jsm = await jetstreamManager(nc);
  const deadline = Date.now() + 300_000;
  for (;;) {
    const info = await jsm.consumers.info('MEMBERSHIP', 'users-membership-activated');
    if (info.num_pending === 0 && info.num_ack_pending === 0) return;
    if (Date.now() > deadline) throw new Error(`users still has ${info.num_pending} activations pending`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function webhookToProfile(gatewayUrl, secret, nc, auth, signer) {
  const publisher = new EventPublisher(auth);
  const requester = new NatsRequester(nc, 5_000, undefined, undefined, signer);
  const users = Array.from({ length: 10 }, () => randomUUID());
  for (const userId of users) {
    await publisher.publish(UserRegisteredEvent, {
      id: randomUUID(),
      type: 'user.registered',
      occurredAt: new Date().toISOString(),
      data: { userId, email: `bench-${userId.slice(0, 8)}@example.com` },
    });
  }
  let created = Math.floor(Date.now() / 1000);
  const samples = [];
  const started = performance.now();
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    const userId = users[i % users.length];
    // Each user alternates pro and free, so every event is a real change.
    const round = Math.floor(i / users.length);
    const tier = round % 2 === 0 ? 'pro' : 'free';
    const { body, signature } = sign(secret, (tier === 'pro' ? checkoutEvent : deletedEvent)(userId, ++created));
    const pushed = new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no membership update for ${userId} within 10 s`)), 10_000);
      const subscription = nc.subscribe(MembershipUpdatedNotification.subjectFor(userId), {
        callback: (_error, message) => {
          if (message.json().tier !== tier) return;
          clearTimeout(timer);
          subscription.unsubscribe();
          resolve(performance.now());
        },
      });
    });
    await nc.flush();
    const t0 = performance.now();
    const response = await fetch(`${gatewayUrl}/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': signature },
      body,
    });
    if (!response.ok) throw new Error(`webhook answered ${response.status}`);
    await response.arrayBuffer();
    samples.push((await pushed) - t0);
  }
  const elapsed = performance.now() - started;
  // The profile really shows it: read one back through the users service.
  const last = users[(LATENCY_SAMPLES - 1) % users.length];
  const profile = await requester.request(ProfileReadContract, {}, { userSub: last });
  const expected = Math.floor((LATENCY_SAMPLES - 1) / users.length) % 2 === 0 ? 'pro' : 'free';
  if (profile.membership.tier !== expected) throw new Error(`profile shows ${profile.membership.tier}, expected ${expected}`);
  samples.sort((a, b) => a - b);
  const at = (q) => Math.round(samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] * 10) / 10;
  return { reqPerSec: (LATENCY_SAMPLES * 1000) / elapsed, p50Ms: at(0.5), p99Ms: at(0.99), requests: LATENCY_SAMPLES };
}
