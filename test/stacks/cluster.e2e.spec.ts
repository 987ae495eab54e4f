import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CHAOS_CLUSTER_ENV,
  ClusterStack,
  SlowModel,
  chatReplicaKilled,
  connected,
  gatewayKilled,
  natsServerKilled,
  openChat,
  sigtermUnderLoad,
  signUpUsers,
  storesRestarted,
  stripeStorm,
  usersDown,
  type ScenarioResult,
} from '@tasksensei/devstack';

/**
 * `npm start -- --cluster` as a test: three routed nats-servers, two replicas of every service,
 * two gateways; then a short run of each chaos scenario with small loads. Only correctness is
 * asserted (nothing lost, nothing doubled, nothing hangs, no 500); the figures are printed.
 */
const minutes = (n: number) => n * 60_000;
let cluster: ClusterStack;
let model: SlowModel;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'tasksensei-cluster-'));
  model = await new SlowModel(20, 100).start();
  cluster = await ClusterStack.withFreePorts({ dataDir, logLevel: 'info', env: { ...CHAOS_CLUSTER_ENV, ...model.env() } });
  await cluster.start();
}, minutes(5));

afterAll(async () => {
  await cluster?.stop();
  cluster?.killAll();
  await model?.stop();
  if (!process.env.KEEP_TEST_DATA) rmSync(dataDir, { recursive: true, force: true });
}, minutes(2));

/** Prints the scenario's row, then asserts what must hold. */
function expectHeld(result: ScenarioResult) {
  process.stdout.write(`${result.scenario}: ${result.measured}\n`);
  expect(result.violations).toEqual([]);
}

describe('npm start -- --cluster', () => {
  it('runs one readiness row per process: three NATS servers, the stores, two replicas of every service, two gateways', () => {
    expect([...cluster.components.keys()].sort()).toEqual(
      [
        ...['nats-1', 'nats-2', 'nats-3', 'dynamodb', 's3', 'chroma', 'mail'],
        ...['auth', 'users', 'files', 'chat', 'billing', 'gateway'].flatMap((s) => [`${s}-1`, `${s}-2`]),
      ].sort(),
    );
    const pids = [...cluster.components.values()].map((c) => c.pid);
    expect(new Set(pids).size).toBe(pids.length);
  });

  it('keeps every JetStream stream on all three servers', async () => {
    const node = cluster.natsNodes[0]!;
    const jsz = (await (await fetch(`http://127.0.0.1:${node.monitorPort}/jsz?streams=true&config=true`)).json()) as {
      account_details?: {
        stream_detail?: { name: string; config: { num_replicas: number }; cluster?: { leader?: string; replicas?: unknown[] } }[];
      }[];
    };
    const streams = jsz.account_details?.flatMap((a) => a.stream_detail ?? []) ?? [];
    expect(streams.length).toBeGreaterThan(0);
    for (const stream of streams) {
      expect(stream.config.num_replicas).toBe(3);
      expect(stream.cluster?.replicas ?? []).toHaveLength(2);
    }
  });

  it(
    'relays to a socket on one gateway the reply a chat replica writes for a message sent through the other',
    async () => {
      const [user] = await signUpUsers(cluster, 1, 'cluster-relay');
      const [viaFirst, viaSecond] = cluster.gatewayUrls.map((url) => openChat(url, user!.token));
      expect(await connected(viaFirst!.socket)).toBe(true);
      expect(await connected(viaSecond!.socket)).toBe(true);
      try {
        const ack = (await viaFirst!.socket
          .timeout(30_000)
          .emitWithAck('sendMessage', { text: 'hello', clientMessageId: randomUUID() })) as { messageId: string };
        const completed = await new Promise<{ messageId: string; text: string }>((resolve) =>
          viaSecond!.socket.on('message.completed', resolve),
        );
        expect(completed.messageId).toBe(ack.messageId);
        expect(completed.text.length).toBeGreaterThan(0);
      } finally {
        viaFirst!.socket.disconnect();
        viaSecond!.socket.disconnect();
      }
    },
    minutes(1),
  );
});

describe('faults (short versions of npm run chaos)', () => {
  it(
    'a NATS server killed under load: every request answered, JetStream goes on, the server rejoins',
    async () => {
      expectHeld(await natsServerKilled(cluster, { concurrency: 20, durationMs: 8_000 }));
    },
    minutes(3),
  );

  it(
    'users down while checkouts complete: every profile pro, each activation applied once',
    async () => {
      expectHeld(await usersDown(cluster, { checkouts: 5, downMs: 0 }));
    },
    minutes(3),
  );

  it(
    'Stripe duplicates, reordering, replays and forgeries: every user ends as Stripe meant',
    async () => {
      expectHeld(await stripeStorm(cluster, { users: 4, deliveries: 60 }));
    },
    minutes(3),
  );

  it(
    'a chat replica killed mid-reply: every reply completes or fails, no half reply',
    async () => {
      expectHeld(await chatReplicaKilled(cluster, { conversations: 4 }));
    },
    minutes(3),
  );

  it(
    'a gateway killed with sockets on it: clients reconnect to the other, no membership update lost',
    async () => {
      expectHeld(await gatewayKilled(cluster, { sockets: 20, members: 3 }));
    },
    minutes(3),
  );

  it(
    'dynalite, S3 and Chroma restarted: reported, recovered without restarts, never a 500',
    async () => {
      expectHeld(await storesRestarted(cluster, { concurrency: 3, downMs: 0 }));
    },
    minutes(4),
  );

  it(
    'SIGTERM to each service under load: no failed request, a clean exit',
    async () => {
      expectHeld(await sigtermUnderLoad(cluster, { concurrency: 5, phaseMs: 800 }));
    },
    minutes(6),
  );
});
