import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findNatsServer, natsInfo } from '../infra.js';
import { httpOk, spawnComponent, type Component } from '../process.js';

/** One server of the local NATS cluster: where clients, the other servers and operators reach it. */
export interface NatsNode {
  /** `nats-1`, `nats-2`, ...: the server_name, unique in the cluster (JetStream needs it). */
  readonly name: string;
  readonly clientPort: number;
  readonly routePort: number;
  /** HTTP monitoring (`/varz`, `/routez`, `/jsz`): readiness and the chaos suite's checks. */
  readonly monitorPort: number;
}

export interface NatsClusterNodesOptions {
  readonly nodes: readonly NatsNode[];
  /** Parent of each server's JetStream store and of its generated config. */
  readonly dir: string;
  readonly logDir: string;
  /**
   * The client authorization of the single stack, as nats-server config text (an
   * `authorization { ... }` or `accounts { ... }` block), so the cluster admits exactly the same
   * users with the same permissions. Empty: no client authentication.
   */
  readonly authorization?: string;
  readonly onSpawn?: (pid: number) => void;
}

export interface RouteCredentials {
  readonly user: string;
  readonly password: string;
}

/**
 * Routes authenticate with their own user, never a service's: generated once per data dir
 * (0600), so a restarted server rejoins with the same secret and nothing else can join.
 */
export function routeCredentials(dir: string): RouteCredentials {
  const file = join(dir, 'route-credentials.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as RouteCredentials;
  mkdirSync(dir, { recursive: true });
  const credentials = { user: 'route', password: randomBytes(24).toString('base64url') };
  writeFileSync(file, JSON.stringify(credentials), { mode: 0o600 });
  return credentials;
}

/** The config of one server: JetStream with its own store, routes to every other server. */
export function natsNodeConfig(node: NatsNode, options: NatsClusterNodesOptions, routes: RouteCredentials): string {
  const others = options.nodes.filter((n) => n.name !== node.name);
  const storeDir = join(options.dir, node.name);
  return [
    `server_name: ${JSON.stringify(node.name)}`,
    `listen: "127.0.0.1:${node.clientPort}"`,
    `http: "127.0.0.1:${node.monitorPort}"`,
    `jetstream {`,
    `  store_dir: ${JSON.stringify(storeDir)}`,
    `}`,
    `cluster {`,
    `  name: "tasksensei"`,
    `  listen: "127.0.0.1:${node.routePort}"`,
    `  authorization {`,
    `    user: ${JSON.stringify(routes.user)}`,
    `    password: ${JSON.stringify(routes.password)}`,
    `  }`,
    `  routes: [`,
    ...others.map((o) => `    ${JSON.stringify(`nats-route://${routes.user}:${routes.password}@127.0.0.1:${o.routePort}`)}`),
    `  ]`,
    `}`,
    options.authorization ?? '',
    '',
  ].join('\n');
}

/** The URL a client is given: every server, so it fails over when one goes. */
export const clusterUrl = (nodes: readonly NatsNode[]) => nodes.map((n) => `nats://127.0.0.1:${n.clientPort}`).join(',');

/** Writes the node's config (0600: it holds the route secret) and starts it. */
export function startNatsNode(node: NatsNode, options: NatsClusterNodesOptions): Promise<Component> {
  const routes = routeCredentials(options.dir);
  const configFile = join(options.dir, `${node.name}.conf`);
  mkdirSync(join(options.dir, node.name), { recursive: true });
  writeFileSync(configFile, natsNodeConfig(node, options, routes), { mode: 0o600 });
  return spawnComponent({
    ...(options.onSpawn ? { onSpawn: options.onSpawn } : {}),
    name: node.name,
    command: findNatsServer(),
    args: ['-c', configFile],
    logFile: join(options.logDir, `${node.name}.log`),
    port: node.clientPort,
    url: `nats://127.0.0.1:${node.clientPort}`,
    ready: async () =>
      (await natsInfo(`nats://127.0.0.1:${node.clientPort}`, 300))?.jetstream === true &&
      (await httpOk(`http://127.0.0.1:${node.monitorPort}/healthz`, 500)),
  });
}

/** What a server's monitoring port says about its routes and the JetStream meta group. */
export interface NatsNodeState {
  readonly routes: number;
  readonly metaLeader: string | undefined;
}

export async function natsNodeState(node: NatsNode, timeoutMs = 1_000): Promise<NatsNodeState | undefined> {
  try {
    const [routez, jsz] = await Promise.all(
      ['routez', 'jsz'].map(async (path) => {
        const response = await fetch(`http://127.0.0.1:${node.monitorPort}/${path}`, { signal: AbortSignal.timeout(timeoutMs) });
        return (await response.json()) as Record<string, unknown>;
      }),
    );
    const meta = jsz?.meta_cluster as { leader?: string } | undefined;
    return { routes: Number(routez?.num_routes ?? 0), metaLeader: meta?.leader || undefined };
  } catch {
    return undefined;
  }
}
