import type { ClusterStack } from '../../cluster/cluster-stack.js';
import { natsNodeState } from '../../cluster/nats-cluster.js';
import { delay } from '../../process.js';
import {
  call,
  deliver,
  drive,
  errorWindowMs,
  ok,
  profileOf,
  signUpUsers,
  tally,
  waitFor,
  webhookSecret,
  type ScenarioResult,
} from '../chaos-kit.js';
import { checkoutCompleted, newMember } from '../stripe-events.js';

export interface NatsKillLoad {
  readonly concurrency: number;
  /** How long the load runs: a quarter before the kill, the fault, the restart, a quarter after. */
  readonly durationMs: number;
}

/**
 * One of the three NATS servers is killed (SIGKILL) under concurrent HTTP requests through both
 * gateways, then started again. Every request must be answered (a reply or an error reply, none
 * hangs); a membership event published during the fault must still reach the users service (the
 * streams have three replicas); the restarted server must rejoin the cluster.
 */
export async function natsServerKilled(cluster: ClusterStack, load: NatsKillLoad): Promise<ScenarioResult> {
  const [member] = await signUpUsers(cluster, 1, 'chaos-nats');
  const urls = cluster.gatewayUrls;
  const victim = cluster.natsNodes[1]!;
  let running = true;
  const traffic = drive(
    load.concurrency,
    () => running,
    (worker, i) => call(`${urls[(worker + i) % urls.length]}/plans`),
  );

  await delay(load.durationMs / 4);
  const killedAt = Date.now();
  await cluster.signal(victim.name, 'SIGKILL');

  // JetStream goes on with two of three servers: an activation published now is consumed.
  const event = checkoutCompleted(newMember(member!.userId), Math.floor(Date.now() / 1000));
  const secret = webhookSecret(cluster);
  const accepted = await waitFor(async () => ((await deliver(urls[0]!, event, secret)).status === 200 ? true : undefined), 60_000, 500);
  const appliedAt = await waitFor(
    async () => ((await profileOf(urls[1]!, member!))?.membership.tier === 'pro' ? Date.now() : undefined),
    60_000,
  );

  await delay(Math.max(0, killedAt + load.durationMs / 4 - Date.now()));
  const restartedAt = Date.now();
  await cluster.startProcess(victim.name);
  const rejoinedAt = await waitFor(async () => {
    const state = await natsNodeState(victim);
    return state && state.routes >= cluster.natsNodes.length - 1 && state.metaLeader ? Date.now() : undefined;
  }, 60_000);
  await delay(load.durationMs / 4);
  running = false;
  const outcomes = await traffic;

  const hung = outcomes.filter((o) => o.error === 'timeout').length;
  const failed = outcomes.filter((o) => !ok(o)).length;
  const window = errorWindowMs(outcomes);
  const violations = [
    ...(hung ? [`${hung} requests hung (no answer in 30 s)`] : []),
    ...(accepted ? [] : ['the webhook during the fault was never accepted']),
    ...(appliedAt ? [] : ['the activation published during the fault was never applied (JetStream consumers stopped)']),
    ...(rejoinedAt ? [] : [`${victim.name} did not rejoin the cluster after its restart`]),
  ];
  return {
    id: 'nats-server-killed',
    scenario: 'one NATS server killed under load',
    load: `${load.concurrency} concurrent GET /plans through 2 gateways, ${Math.round(load.durationMs / 1000)} s`,
    fault: `SIGKILL ${victim.name}, restarted after ${Math.round((restartedAt - killedAt) / 1000)} s`,
    mustHold: 'every request answered (none hangs); JetStream consumers go on; the server rejoins',
    measured:
      `${outcomes.length} requests, ${failed} error replies, ${hung} hung; error window ${window} ms; ` +
      `activation applied ${appliedAt ? `${appliedAt - killedAt} ms after the kill` : 'never'}; ` +
      `rejoined ${rejoinedAt ? `${rejoinedAt - restartedAt} ms after restart` : 'never'}`,
    figures: {
      requests: outcomes.length,
      errors: failed,
      hung,
      errorWindowMs: window,
      statuses: JSON.stringify(tally(outcomes)),
      activationAppliedAfterKillMs: appliedAt ? appliedAt - killedAt : null,
      rejoinedAfterRestartMs: rejoinedAt ? rejoinedAt - restartedAt : null,
    },
    violations,
    slow: [],
  };
}
