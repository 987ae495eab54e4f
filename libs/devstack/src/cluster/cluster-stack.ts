import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { renderNatsAuthorization } from '@tasksensei/contracts';
import { ComponentError, delay, freePort, portAnswers, type Component } from '../process.js';
import { SERVICES, startService, type StackService } from '../services.js';
import { DEFAULT_PORTS, STORES, Stack, freePorts, type StackOptions, type StackPorts, type StoreName } from '../stack.js';
import { clusterUrl, natsNodeState, startNatsNode, type NatsNode } from './nats-cluster.js';

export type ClusterService = (typeof SERVICES)[number];

/** Where each process of the cluster listens. */
export interface ClusterPorts {
  readonly nats: readonly NatsNode[];
  /** Public HTTP and ops port of each gateway. */
  readonly gateways: readonly { readonly http: number; readonly ops: number }[];
  /** The ops port (probes, metrics) of each replica of each service. */
  readonly replicas: Readonly<Record<ClusterService, readonly number[]>>;
}

/** Replicas of each service in `npm start -- --cluster` and the chaos suite. */
export const REPLICAS_PER_SERVICE = 2;

/**
 * How many replicas of each service: one count for all, or some services' own counts (the rest
 * at REPLICAS_PER_SERVICE). The bench's scaling section runs chat, billing and users at 1, 2, 4.
 */
export type ReplicaCounts = number | Partial<Record<ClusterService, number>>;

/** Each service's replica count, every one a whole number of at least 1. */
export function replicaCounts(replicas: ReplicaCounts = REPLICAS_PER_SERVICE): Record<ClusterService, number> {
  const counts = Object.fromEntries(
    SERVICES.map((name) => [name, typeof replicas === 'number' ? replicas : (replicas[name] ?? REPLICAS_PER_SERVICE)]),
  ) as Record<ClusterService, number>;
  for (const [name, count] of Object.entries(counts)) {
    if (!Number.isInteger(count) || count < 1) throw new ComponentError(`${name}: ${count} replicas; want a whole number >= 1`);
  }
  return counts;
}

/** Replica i of a service on the single stack's port + 100 * i (chat: 8084, 8184, 8284...). */
export function defaultClusterPorts(replicas?: ReplicaCounts): ClusterPorts {
  const counts = replicaCounts(replicas);
  return {
    nats: [1, 2, 3].map((i) => ({ name: `nats-${i}`, clientPort: 4221 + i, routePort: 6221 + i, monitorPort: 8221 + i })),
    gateways: [
      { http: 8080, ops: 8089 },
      { http: 8090, ops: 8099 },
    ],
    replicas: Object.fromEntries(
      SERVICES.map((name) => [name, Array.from({ length: counts[name] }, (_, i) => DEFAULT_PORTS[name] + 100 * i)]),
    ) as unknown as ClusterPorts['replicas'],
  };
}

/** `npm start -- --cluster`: gateways on 8080 and 8090 (API.md), replicas next to the single stack's ports. */
export const DEFAULT_CLUSTER_PORTS: ClusterPorts = defaultClusterPorts();

export async function freeClusterPorts(replicas?: ReplicaCounts): Promise<ClusterPorts> {
  const counts = replicaCounts(replicas);
  const nats = await Promise.all(
    [1, 2, 3].map(async (i) => ({
      name: `nats-${i}`,
      clientPort: await freePort(),
      routePort: await freePort(),
      monitorPort: await freePort(),
    })),
  );
  const gateways = await Promise.all([0, 1].map(async () => ({ http: await freePort(), ops: await freePort() })));
  const replicaPorts = Object.fromEntries(
    await Promise.all(
      SERVICES.map(async (name) => [name, await Promise.all(Array.from({ length: counts[name] }, () => freePort()))] as const),
    ),
  ) as unknown as ClusterPorts['replicas'];
  return { nats, gateways, replicas: replicaPorts };
}

export interface ClusterOptions extends Omit<StackOptions, 'ports' | 'startStores'> {
  /** Store ports (dynamodb, s3, chroma); the rest of the single stack's ports is unused. */
  readonly storePorts?: Pick<StackPorts, StoreName>;
  readonly cluster: ClusterPorts;
}

/** A process of the cluster: `nats-2`, `dynamodb`, `chat-1`, `gateway-2`... */
export type ClusterProcess = string;

/**
 * The production topology on one machine: three nats-server processes clustered with routes
 * (JetStream on each, streams with three replicas), the stores, the replicas of every service
 * in their queue groups (one per port in `cluster.replicas`: REPLICAS_PER_SERVICE unless asked
 * otherwise) and two gateways. Every process can be stopped, killed and started again by name,
 * which is what the chaos suite does.
 */
export class ClusterStack extends Stack {
  private readonly cluster: ClusterPorts;

  constructor(readonly clusterOptions: ClusterOptions) {
    const storePorts = clusterOptions.storePorts ?? {
      dynamodb: DEFAULT_PORTS.dynamodb,
      s3: DEFAULT_PORTS.s3,
      chroma: DEFAULT_PORTS.chroma,
      mail: DEFAULT_PORTS.mail,
    };
    const first = clusterOptions.cluster.gateways[0]!;
    super({
      ...clusterOptions,
      ports: {
        ...DEFAULT_PORTS,
        ...storePorts,
        gateway: first.http,
        gatewayOps: first.ops,
        nats: clusterOptions.cluster.nats[0]!.clientPort,
      },
    });
    this.cluster = clusterOptions.cluster;
    this.natsUrl = clusterUrl(this.cluster.nats);
  }

  /** replicas: per service, default REPLICAS_PER_SERVICE each. */
  static async withFreePorts({
    replicas,
    ...options
  }: Omit<ClusterOptions, 'cluster' | 'storePorts'> & { readonly replicas?: ReplicaCounts }): Promise<ClusterStack> {
    const ports = await freePorts();
    return new ClusterStack({
      ...options,
      cluster: await freeClusterPorts(replicas),
      storePorts: { dynamodb: ports.dynamodb, s3: ports.s3, chroma: ports.chroma, mail: ports.mail },
    });
  }

  get natsNodes(): readonly NatsNode[] {
    return this.cluster.nats;
  }

  get gatewayUrls(): string[] {
    return this.cluster.gateways.map((g) => `http://127.0.0.1:${g.http}`);
  }

  /** Every process name, in start order. */
  get processNames(): ClusterProcess[] {
    return [
      ...this.cluster.nats.map((n) => n.name),
      ...STORES,
      ...SERVICES.flatMap((name) => this.cluster.replicas[name].map((_, i) => `${name}-${i + 1}`)),
      ...this.cluster.gateways.map((_, i) => `gateway-${i + 1}`),
    ];
  }

  override async start(): Promise<this> {
    mkdirSync(this.logDir, { recursive: true });
    try {
      await Promise.all(this.cluster.nats.map((node) => this.startProcess(node.name)));
      await this.jetStreamReady();
      await this.startStores();
      await Promise.all(SERVICES.flatMap((name) => this.cluster.replicas[name].map((_, i) => this.startProcess(`${name}-${i + 1}`))));
      await Promise.all(this.cluster.gateways.map((_, i) => this.startProcess(`gateway-${i + 1}`)));
    } catch (error) {
      await this.stop();
      this.killAll();
      throw error;
    }
    return this;
  }

  /** Starts one process of the cluster by name (again, after a stop or a kill). */
  async startProcess(name: ClusterProcess): Promise<Component> {
    if ((STORES as readonly string[]).includes(name)) return this.startStore(name as StoreName);
    const node = this.cluster.nats.find((n) => n.name === name);
    if (node) {
      return this.trackProcess(name, node.clientPort, () =>
        startNatsNode(node, {
          nodes: this.cluster.nats,
          dir: join(this.dataDir, 'nats-cluster'),
          logDir: this.logDir,
          onSpawn: this.onSpawn,
          // Exactly the single stack's users (one nkey per service) and permissions.
          authorization: renderNatsAuthorization(this.natsCredentials.users),
        }),
      );
    }
    const [, service, index] = /^([a-z]+)-(\d+)$/.exec(name) ?? [];
    const replica = Number(index) - 1;
    if (service === 'gateway' && this.cluster.gateways[replica]) {
      const { http, ops } = this.cluster.gateways[replica];
      return this.trackProcess(name, http, () =>
        startService({
          name: 'gateway',
          env: this.replicaEnv('gateway', { PORT: String(http), OPS_PORT: String(ops) }),
          opsPort: ops,
          httpPort: http,
          logDir: this.logDir,
          logName: name,
          onSpawn: this.onSpawn,
          ...(this.options.nodeArgs ? { nodeArgs: this.options.nodeArgs } : {}),
        }),
      );
    }
    const opsPort = (SERVICES as readonly string[]).includes(service ?? '')
      ? this.cluster.replicas[service as ClusterService][replica]
      : undefined;
    if (opsPort === undefined) throw new ComponentError(`no process named ${name} in the cluster`);
    return this.trackProcess(name, opsPort, () =>
      startService({
        name: service as ClusterService,
        env: this.replicaEnv(service as ClusterService, { OPS_PORT: String(opsPort) }),
        opsPort,
        logDir: this.logDir,
        logName: name,
        onSpawn: this.onSpawn,
        ...(this.options.nodeArgs ? { nodeArgs: this.options.nodeArgs } : {}),
      }),
    );
  }

  /** Sends a signal to one process (SIGKILL: a crash) and waits until it has gone. */
  async signal(name: ClusterProcess, signal: NodeJS.Signals): Promise<{ exitedAfterMs: number }> {
    const component = this.components.get(name);
    if (!component?.pid) throw new ComponentError(`${name} is not running`);
    const started = performance.now();
    process.kill(signal === 'SIGKILL' ? -component.pid : component.pid, signal);
    await component.exited;
    this.components.delete(name);
    return { exitedAfterMs: Math.round(performance.now() - started) };
  }

  /** Gateways first, then services (they drain NATS), then the stores, then NATS. */
  override async stop(): Promise<void> {
    const names = [...this.components.keys()];
    const groups = [
      names.filter((n) => n.startsWith('gateway-')),
      names.filter((n) => SERVICES.some((s) => n.startsWith(`${s}-`))),
      names.filter((n) => (STORES as readonly string[]).includes(n)),
      names.filter((n) => n.startsWith('nats-')),
    ];
    for (const group of groups) await Promise.all(group.map((name) => this.stopComponent(name).catch(() => undefined)));
  }

  /** Every server routed to the two others and a JetStream meta leader elected. */
  async jetStreamReady(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const want = this.cluster.nats.length - 1;
    for (;;) {
      const states = await Promise.all(this.cluster.nats.map((node) => natsNodeState(node)));
      if (states.every((s) => s && s.routes >= want && s.metaLeader)) return;
      if (Date.now() > deadline)
        throw new ComponentError(`the NATS cluster did not form within ${timeoutMs} ms: ${JSON.stringify(states)}`);
      await delay(250);
    }
  }

  private replicaEnv(name: StackService, own: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
    return { ...this.serviceEnv(name), JETSTREAM_REPLICAS: String(this.cluster.nats.length), ...this.clusterOptions.env, ...own };
  }

  private async trackProcess(name: ClusterProcess, port: number, start: () => Promise<Component>): Promise<Component> {
    if (await portAnswers(port)) throw new ComponentError(`${name}: port ${port} is already in use (another stack running?)`);
    const started = performance.now();
    const component = await start();
    this.components.set(name, component);
    this.options.onReady?.({ name, pid: component.pid, port: component.port, state: 'ready', ms: Math.round(performance.now() - started) });
    return component;
  }
}
