import type { ClusterStack } from '../../cluster/cluster-stack.js';
import { STORES, type StoreName } from '../../stack.js';
import { bearer, call, drive, signUpUsers, tally, waitFor, type ChaosUser, type Outcome, type ScenarioResult } from '../chaos-kit.js';

export interface StoresLoad {
  readonly concurrency: number;
  /** How long each store stays down once the stack has noticed. */
  readonly downMs: number;
}

/** Routes that reach the stores: profiles, files, tasks and conversations in DynamoDB, uploads. */
const routes = (user: ChaosUser): [string, RequestInit][] => [
  ['/user/profile', { headers: bearer(user) }],
  ['/files', { headers: bearer(user) }],
  ['/tasks', { headers: bearer(user) }],
  ['/chat/conversations', { headers: bearer(user) }],
  [
    '/generate',
    {
      method: 'POST',
      headers: { ...bearer(user), 'content-type': 'application/json' },
      body: JSON.stringify({ filename: 'notes.txt', contentType: 'text/plain', size: 10 }),
    },
  ],
];

interface StoreRun {
  readonly store: StoreName;
  readonly unhealthyAfterMs: number | null;
  readonly recoveredAfterMs: number | null;
  readonly answered500: number;
  readonly restartedServices: string[];
  readonly statuses: Record<string, number>;
}

/**
 * DynamoDB, S3 and Chroma are each stopped and started again under load. /health must name the
 * store while it is down, the services must recover by themselves (no restart, no crash loop)
 * and no request may be answered 500: a store that is away is a 503 or 504.
 */
export async function storesRestarted(cluster: ClusterStack, load: StoresLoad): Promise<ScenarioResult> {
  const [user] = await signUpUsers(cluster, 1, 'chaos-stores');
  const urls = cluster.gatewayUrls;
  const runs: StoreRun[] = [];
  // The local SMTP server stands in for SES: no readiness check names it (mail is sent in the
  // background with retries), so only the stores the services report on are restarted here.
  for (const store of STORES.filter((name) => name !== 'mail')) {
    const pids = servicePids(cluster);
    let running = true;
    const traffic = drive(
      load.concurrency,
      () => running,
      (worker, i) => {
        const [path, init] = routes(user!)[(worker + i) % 5]!;
        return call(`${urls[(worker + i) % urls.length]}${path}`, init);
      },
    );
    const health = async () => {
      const r = await call(`${urls[0]}/health`, {}, 10_000);
      return (r.body as { checks?: Record<string, { status: string }> } | undefined)?.checks?.[store]?.status;
    };
    const downAt = Date.now();
    await cluster.stopComponent(store);
    const unhealthyAt = await waitFor(async () => ((await health()) !== 'ok' ? Date.now() : undefined), 30_000);
    await new Promise((resolve) => setTimeout(resolve, load.downMs));
    const upAt = Date.now();
    await cluster.startStore(store);
    const recoveredAt = await waitFor(async () => ((await health()) === 'ok' ? Date.now() : undefined), 60_000);
    // A little traffic on the recovered store, then stop.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    running = false;
    const outcomes: Outcome[] = await traffic;
    const after = servicePids(cluster);
    runs.push({
      store,
      unhealthyAfterMs: unhealthyAt ? unhealthyAt - downAt : null,
      recoveredAfterMs: recoveredAt ? recoveredAt - upAt : null,
      answered500: outcomes.filter((o) => o.status === 500).length,
      restartedServices: [...pids].filter(([name, pid]) => after.get(name) !== pid || !alive(pid)).map(([name]) => name),
      statuses: tally(outcomes),
    });
  }
  const violations = runs.flatMap((r) => [
    ...(r.unhealthyAfterMs === null ? [`${r.store} down but /health said ok`] : []),
    ...(r.recoveredAfterMs === null ? [`${r.store}: the services did not recover`] : []),
    ...(r.answered500 ? [`${r.store}: ${r.answered500} requests answered 500`] : []),
    ...(r.restartedServices.length ? [`${r.store}: ${r.restartedServices.join(', ')} died`] : []),
  ]);
  return {
    id: 'stores-restarted',
    scenario: 'dynalite, S3 and Chroma each restarted',
    load: `${load.concurrency} concurrent requests on profile, files, tasks, conversations, uploads`,
    fault: `each store stopped ${Math.round(load.downMs / 1000)} s after /health noticed, then started`,
    mustHold: 'reported unhealthy; recovers by itself within 10 s; no crash loop; no 500',
    measured: runs
      .map(
        (r) =>
          `${r.store}: unhealthy after ${r.unhealthyAfterMs ?? '-'} ms, recovered ${r.recoveredAfterMs ?? 'never'} ms after restart, ${r.answered500}×500, ${r.restartedServices.length} died ${JSON.stringify(r.statuses)}`,
      )
      .join('; '),
    figures: Object.fromEntries(
      runs.flatMap((r) => [
        [`${r.store}.recoveredAfterMs`, r.recoveredAfterMs],
        [`${r.store}.answered500`, r.answered500],
        [`${r.store}.statuses`, JSON.stringify(r.statuses)],
      ]),
    ),
    violations,
    slow: runs
      .filter((r) => (r.recoveredAfterMs ?? Infinity) > 10_000)
      .map((r) => `${r.store} recovered after ${r.recoveredAfterMs ?? 'never'} ms (target 10 s)`),
  };
}

function servicePids(cluster: ClusterStack): Map<string, number | undefined> {
  return new Map(
    [...cluster.components].filter(([name]) => /-\d+$/.test(name) && !name.startsWith('nats-')).map(([name, c]) => [name, c.pid]),
  );
}

function alive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
