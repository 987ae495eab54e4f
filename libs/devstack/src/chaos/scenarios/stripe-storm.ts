import { randomInt } from 'node:crypto';
import type { ClusterStack } from '../../cluster/cluster-stack.js';
import { deliver, profileOf, signUpUsers, waitFor, webhookSecret, type Membership, type ScenarioResult } from '../chaos-kit.js';
import {
  checkoutCompleted,
  invoicePaymentFailed,
  newMember,
  subscriptionDeleted,
  subscriptionUpdated,
  type StripeEvent,
} from '../stripe-events.js';

export interface StripeStormLoad {
  readonly users: number;
  readonly deliveries: number;
}

interface Delivery {
  readonly event: StripeEvent;
  readonly forged: boolean;
}

/**
 * Stripe deliveries as a bad day brings them: each user's subscription lives through a random
 * series of events; they arrive shuffled, some twice, some replayed long after newer ones, and
 * among them forged ones (signed with another secret) that would cancel everyone. The final
 * membership of every user must be what the newest genuine event meant.
 */
export async function stripeStorm(cluster: ClusterStack, load: StripeStormLoad): Promise<ScenarioResult> {
  const users = await signUpUsers(cluster, load.users, 'chaos-stripe');
  const urls = cluster.gatewayUrls;
  const secret = webhookSecret(cluster);
  const start = Math.floor(Date.now() / 1000) - 86_400;

  // A quarter of the deliveries are repeats (duplicates and replays) and a tenth forged.
  const genuinePerUser = Math.max(1, Math.floor((load.deliveries * 0.65) / users.length));
  const expected = new Map<string, Membership>();
  const genuine: Delivery[] = [];
  users.forEach((user, u) => {
    const member = newMember(user.userId);
    let created = start + u;
    let state: Membership = { tier: 'pro', status: 'active' };
    genuine.push({ event: checkoutCompleted(member, created), forged: false });
    for (let i = 1; i < genuinePerUser; i++) {
      created += 60;
      const roll = randomInt(10);
      if (i === genuinePerUser - 1 && roll < 3) {
        genuine.push({ event: subscriptionDeleted(member, created), forged: false });
        state = { tier: 'free', status: 'canceled' };
      } else if (roll < 5) {
        genuine.push({ event: subscriptionUpdated(member, 'active', created), forged: false });
        state = { tier: 'pro', status: 'active' };
      } else if (roll < 8) {
        genuine.push({ event: subscriptionUpdated(member, 'past_due', created), forged: false });
        state = { tier: 'pro', status: 'past_due' };
      } else {
        genuine.push({ event: invoicePaymentFailed(member, created), forged: false });
        state = { tier: 'pro', status: 'past_due' };
      }
    }
    expected.set(user.userId, state);
  });
  const shuffled = shuffle([...genuine]);
  const repeats = Math.round(load.deliveries * 0.25);
  const forgedCount = Math.max(1, load.deliveries - shuffled.length - repeats);
  // Duplicates at random places; replays of the oldest events at the end, after newer ones.
  for (let i = 0; i < Math.ceil(repeats / 2); i++) shuffled.splice(randomInt(shuffled.length + 1), 0, genuine[randomInt(genuine.length)]!);
  const oldest = [...genuine].sort((a, b) => a.event.created - b.event.created);
  for (let i = 0; i < Math.floor(repeats / 2); i++) shuffled.push(oldest[randomInt(Math.ceil(oldest.length / 2))]!);
  for (let i = 0; i < forgedCount; i++) {
    const victim = users[randomInt(users.length)]!;
    shuffled.splice(randomInt(shuffled.length + 1), 0, {
      event: subscriptionDeleted(newMember(victim.userId), start + 10 * 86_400),
      forged: true,
    });
  }

  let forgedAccepted = 0;
  let genuineRetried = 0;
  let genuineRefused = 0;
  let index = 0;
  const next = () => (index < shuffled.length ? shuffled[index++] : undefined);
  await Promise.all(
    Array.from({ length: 10 }, async (_, worker) => {
      for (let d = next(); d; d = next()) {
        const url = urls[(worker + index) % urls.length]!;
        if (d.forged) {
          if ((await deliver(url, d.event, `${secret}x`)).status === 200) forgedAccepted++;
          continue;
        }
        // Stripe retries a delivery that was not answered 2xx.
        let delivered = false;
        for (let attempt = 0; attempt < 5 && !delivered; attempt++) {
          if (attempt) genuineRetried++;
          delivered = (await deliver(url, d.event, secret)).status === 200;
        }
        if (!delivered) genuineRefused++;
      }
    }),
  );

  const wrongUsers = async () => {
    const wrong: string[] = [];
    for (const user of users) {
      const membership = (await profileOf(urls[0]!, user))?.membership;
      const want = expected.get(user.userId)!;
      if (membership?.tier !== want.tier || membership.status !== want.status) wrong.push(user.userId);
    }
    return wrong;
  };
  const settled = await waitFor(async () => ((await wrongUsers()).length === 0 ? true : undefined), 60_000, 1_000);
  const wrong = settled ? 0 : (await wrongUsers()).length;
  const violations = [
    ...(wrong ? [`${wrong} of ${users.length} users end in a state Stripe did not mean`] : []),
    ...(forgedAccepted ? [`${forgedAccepted} forged deliveries accepted`] : []),
    ...(genuineRefused ? [`${genuineRefused} genuine deliveries refused after 5 attempts`] : []),
  ];
  return {
    id: 'stripe-storm',
    scenario: 'Stripe deliveries: duplicates, reordering, replays, forgeries',
    load: `${shuffled.length} deliveries (${genuine.length} genuine events, ${repeats} repeats, ${forgedCount} forged) for ${users.length} users`,
    fault: 'random order, duplicates, replays of older events, forged signatures',
    mustHold: 'final state of every user equals the reference model (0 wrong); forgeries refused',
    measured: `${wrong} wrong of ${users.length}; ${forgedAccepted} forged accepted; ${genuineRetried} retried deliveries`,
    figures: {
      deliveries: shuffled.length,
      genuine: genuine.length,
      repeats,
      forged: forgedCount,
      wrong,
      forgedAccepted,
      genuineRetried,
      genuineRefused,
    },
    violations,
    slow: [],
  };
}

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
