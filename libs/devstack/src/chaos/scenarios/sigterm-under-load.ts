import type { ClusterStack } from '../../cluster/cluster-stack.js';
import { SERVICES } from '../../services.js';
import { bearer, call, drive, ok, signUpUsers, tally, type ChaosUser, type Outcome, type ScenarioResult } from '../chaos-kit.js';

export interface SigtermLoad {
  readonly concurrency: number;
  /** Load before and after the signal. */
  readonly phaseMs: number;
}

/** A route that goes through each service. */
const routeOf = (service: string, user: ChaosUser): [string, RequestInit] => {
  switch (service) {
    case 'auth':
      return ['/oidc/.well-known/openid-configuration', {}];
    case 'users':
      return ['/user/profile', { headers: bearer(user) }];
    case 'files':
      return ['/files', { headers: bearer(user) }];
    case 'chat':
      return ['/chat/conversations', { headers: bearer(user) }];
    default:
      return ['/plans', {}];
  }
};

/**
 * SIGTERM to one replica of each service (and one gateway) under load: its in-flight requests
 * finish and nothing fails (0 errors), and it exits by itself (code 0) within its grace period.
 * A gateway that has closed refuses new connections (and closes idle keep-alive ones): a GET
 * that got no response that way is sent to the other gateway, as a load balancer does, and
 * counted as rerouted.
 */
export async function sigtermUnderLoad(cluster: ClusterStack, load: SigtermLoad, graceMs = 10_000): Promise<ScenarioResult> {
  const [user] = await signUpUsers(cluster, 1, 'chaos-sigterm');
  const urls = cluster.gatewayUrls;
  const rows: {
    target: string;
    requests: number;
    errors: number;
    rerouted: number;
    exitCode: number | null;
    exitedAfterMs: number;
    statuses: Record<string, number>;
  }[] = [];
  for (const service of [...SERVICES, 'gateway']) {
    const victim = `${service}-1`;
    const [path, init] = routeOf(service, user!);
    let running = true;
    let rerouted = 0;
    const traffic = drive(
      load.concurrency,
      () => running,
      async (worker, i) => {
        const first = urls[(worker + i) % urls.length]!;
        const outcome: Outcome = await call(`${first}${path}`, init);
        // A request that found the closing gateway's listener gone, or its idle keep-alive
        // connection closed as it was sent, never reached a handler: a load balancer retries those.
        if (service === 'gateway' && outcome.error && ['ECONNREFUSED', 'ECONNRESET', 'UND_ERR_SOCKET'].includes(outcome.error)) {
          rerouted++;
          return call(`${urls.find((u) => u !== first)}${path}`, init);
        }
        return outcome;
      },
    );
    await new Promise((resolve) => setTimeout(resolve, load.phaseMs));
    const exited = cluster.components.get(victim)?.exited;
    const { exitedAfterMs } = await cluster.signal(victim, 'SIGTERM');
    const exitCode = (await exited) ?? null;
    await new Promise((resolve) => setTimeout(resolve, load.phaseMs));
    running = false;
    const outcomes = await traffic;
    rows.push({
      target: victim,
      requests: outcomes.length,
      errors: outcomes.filter((o) => !ok(o)).length,
      rerouted,
      exitCode,
      exitedAfterMs,
      statuses: tally(outcomes),
    });
    await cluster.startProcess(victim);
  }
  return {
    id: 'sigterm-under-load',
    scenario: 'SIGTERM to each service under load',
    load: `${load.concurrency} concurrent requests through the signalled service, ${Math.round((2 * load.phaseMs) / 1000)} s each`,
    fault: 'SIGTERM to replica 1 of auth, users, files, chat, billing and gateway-1, one after another',
    mustHold: 'in-flight requests finish (0 errors); the process exits by itself within its grace period',
    measured: rows
      .map(
        (r) =>
          `${r.target}: ${r.errors}/${r.requests} errors, exit ${r.exitCode} after ${r.exitedAfterMs} ms${r.rerouted ? `, ${r.rerouted} rerouted` : ''}`,
      )
      .join('; '),
    figures: Object.fromEntries(
      rows.flatMap((r) => [
        [`${r.target}.errors`, r.errors],
        [`${r.target}.exitedAfterMs`, r.exitedAfterMs],
        [`${r.target}.statuses`, JSON.stringify(r.statuses)],
      ]),
    ),
    violations: rows.flatMap((r) => [
      ...(r.errors ? [`${r.target}: ${r.errors} failed requests ${JSON.stringify(r.statuses)}`] : []),
      // 143: Nest re-raises SIGTERM once it has closed, which is a clean exit too.
      ...(r.exitCode !== 0 && r.exitCode !== 143
        ? [`${r.target} exited with ${r.exitCode} (forced out after its grace period, or crashed)`]
        : []),
    ]),
    slow: rows.filter((r) => r.exitedAfterMs > graceMs).map((r) => `${r.target} took ${r.exitedAfterMs} ms to exit (grace ${graceMs} ms)`),
  };
}
