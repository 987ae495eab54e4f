import type { ClusterStack } from '../../cluster/cluster-stack.js';
import { delay } from '../../process.js';
import { payCheckout, profileOf, signUpUsers, waitFor, type ScenarioResult } from '../chaos-kit.js';

export interface UsersDownLoad {
  readonly checkouts: number;
  /** How long the users service stays down (at least until every checkout has completed). */
  readonly downMs: number;
}

/**
 * Every users replica is stopped while checkouts complete on the local checkout page; billing
 * publishes `membership.activated` into JetStream meanwhile. When users returns, every profile
 * must be pro, each activation applied exactly once (the profile's version moves by one).
 */
export async function usersDown(cluster: ClusterStack, load: UsersDownLoad): Promise<ScenarioResult> {
  const users = await signUpUsers(cluster, load.checkouts, 'chaos-users-down');
  const urls = cluster.gatewayUrls;
  const before = new Map<string, number>();
  for (const user of users) before.set(user.userId, (await profileOf(urls[0]!, user))!.version);

  const replicas = [...cluster.components.keys()].filter((name) => name.startsWith('users-'));
  const downAt = Date.now();
  await Promise.all(replicas.map((name) => cluster.stopComponent(name)));

  let paid = 0;
  for (let start = 0; start < users.length; start += 10) {
    const results = await Promise.all(users.slice(start, start + 10).map((user, i) => payCheckout(urls[(start + i) % urls.length]!, user)));
    paid += results.filter(Boolean).length;
  }
  const checkoutsDoneMs = Date.now() - downAt;
  await delay(Math.max(0, downAt + load.downMs - Date.now()));
  const backAt = Date.now();
  await Promise.all(replicas.map((name) => cluster.startProcess(name)));

  const caughtUpAt = await waitFor(
    async () => {
      const profiles = await Promise.all(users.map((user, i) => profileOf(urls[i % urls.length]!, user)));
      return profiles.every((p) => p?.membership.tier === 'pro') ? Date.now() : undefined;
    },
    120_000,
    500,
  );
  const profiles = await Promise.all(users.map((user) => profileOf(urls[0]!, user)));
  const notPro = profiles.filter((p) => p?.membership.tier !== 'pro').length;
  const appliedTwice = users.filter((user, i) => profiles[i] && profiles[i].version - before.get(user.userId)! > 1).length;

  const violations = [
    ...(paid < users.length ? [`${users.length - paid} checkouts failed while users was down`] : []),
    ...(notPro ? [`${notPro} of ${users.length} profiles not pro (lost activations)`] : []),
    ...(appliedTwice ? [`${appliedTwice} activations applied more than once`] : []),
  ];
  return {
    id: 'users-down',
    scenario: 'users service down during checkouts',
    load: `${users.length} checkouts paid on the local checkout page`,
    fault: `both users replicas stopped for ${Math.round((backAt - downAt) / 1000)} s`,
    mustHold: 'all profiles pro after users returns; each membership.activated applied exactly once',
    measured:
      `${paid}/${users.length} checkouts completed in ${checkoutsDoneMs} ms while down; ${users.length - notPro} pro, ` +
      `${appliedTwice} applied twice; caught up ${caughtUpAt ? `${caughtUpAt - backAt} ms` : 'never'} after users returned`,
    figures: {
      checkouts: users.length,
      paid,
      notPro,
      appliedTwice,
      downMs: backAt - downAt,
      caughtUpMs: caughtUpAt ? caughtUpAt - backAt : null,
    },
    violations,
    slow: [],
  };
}
