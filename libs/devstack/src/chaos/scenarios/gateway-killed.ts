import { randomUUID } from 'node:crypto';
import type { ClusterStack } from '../../cluster/cluster-stack.js';
import {
  connected,
  deliver,
  mintToken,
  openChat,
  percentile,
  signUpUsers,
  waitFor,
  webhookSecret,
  type ChatClient,
  type ScenarioResult,
} from '../chaos-kit.js';
import { checkoutCompleted, newMember } from '../stripe-events.js';

export interface GatewayKillLoad {
  readonly sockets: number;
  /** Of those sockets, how many belong to members whose plan changes during the fault. */
  readonly members: number;
}

interface FailoverClient {
  readonly userId: string;
  readonly token: string;
  current: ChatClient;
  reconnectedAt?: number;
  membership?: { tier: string };
}

/**
 * Sockets on one gateway when it is killed: each client reconnects to the other gateway (as a
 * load balancer would send it), asking to resume; memberships changed during the fault must
 * reach their users after the reconnect, by the live push or the resume snapshot.
 */
export async function gatewayKilled(cluster: ClusterStack, load: GatewayKillLoad, victim = 'gateway-1'): Promise<ScenarioResult> {
  const urls = cluster.gatewayUrls;
  const [doomed, survivor] = victim === 'gateway-1' ? [urls[0]!, urls[1]!] : [urls[1]!, urls[0]!];
  const members = await signUpUsers(cluster, load.members, 'chaos-gateway');
  const strangers = await Promise.all(
    Array.from({ length: Math.max(0, load.sockets - members.length) }, async () => {
      const userId = randomUUID();
      return { userId, token: await mintToken(cluster, userId) };
    }),
  );
  const clients: FailoverClient[] = [...members, ...strangers].map((u) => ({
    userId: u.userId,
    token: u.token,
    current: openChat(doomed, u.token),
  }));
  for (let i = 0; i < clients.length; i += 100) {
    const up = await Promise.all(clients.slice(i, i + 100).map((c) => connected(c.current.socket)));
    if (up.some((u) => !u)) throw new Error(`sockets could not connect to ${doomed}`);
  }
  let killedAt = 0;
  for (const client of clients) {
    client.current.socket.once('disconnect', () => {
      // A load balancer would send the reconnect to a live gateway; the client asks to resume.
      const next = openChat(survivor, client.token, { resume: true });
      client.current = next;
      next.socket.once('connect', () => (client.reconnectedAt = Date.now()));
      next.socket.on('membership.updated', (m: { tier: string }) => (client.membership = m));
    });
  }

  killedAt = Date.now();
  await cluster.signal(victim, 'SIGKILL');
  const secret = webhookSecret(cluster);
  const now = Math.floor(Date.now() / 1000);
  const pushed = await Promise.all(
    members.map(async (m) => (await deliver(survivor, checkoutCompleted(newMember(m.userId), now), secret)).status === 200),
  );

  await waitFor(() => (clients.every((c) => c.reconnectedAt) ? true : undefined), 60_000, 100);
  const memberIds = new Set(members.map((m) => m.userId));
  await waitFor(
    () => (clients.filter((c) => memberIds.has(c.userId)).every((c) => c.membership?.tier === 'pro') ? true : undefined),
    30_000,
    100,
  );
  const notReconnected = clients.filter((c) => !c.reconnectedAt).length;
  const missed = clients.filter((c) => memberIds.has(c.userId) && c.membership?.tier !== 'pro').length;
  const reconnectMs = clients.filter((c) => c.reconnectedAt).map((c) => c.reconnectedAt! - killedAt);
  for (const client of clients) client.current.socket.disconnect();
  await cluster.startProcess(victim);

  return {
    id: 'gateway-killed',
    scenario: 'a gateway killed with sockets on it',
    load: `${clients.length} sockets on ${victim}; ${members.length} members upgraded during the fault`,
    fault: `SIGKILL ${victim}`,
    mustHold: 'every client reconnects to the other gateway; membership.updated pushed during the fault is delivered after reconnect',
    measured:
      `${clients.length - notReconnected}/${clients.length} reconnected (p50 ${percentile(reconnectMs, 50)} ms, max ${percentile(reconnectMs, 100)} ms); ` +
      `${members.length - missed}/${members.length} membership updates delivered`,
    figures: {
      sockets: clients.length,
      notReconnected,
      reconnectP50Ms: percentile(reconnectMs, 50),
      reconnectMaxMs: percentile(reconnectMs, 100),
      members: members.length,
      webhooksAccepted: pushed.filter(Boolean).length,
      membershipUpdatesMissed: missed,
    },
    violations: [
      ...(notReconnected ? [`${notReconnected} sockets never reconnected`] : []),
      ...(missed ? [`${missed} membership updates lost`] : []),
      ...(pushed.every(Boolean) ? [] : ['a webhook during the fault was refused']),
    ],
    slow: [],
  };
}
