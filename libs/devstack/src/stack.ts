import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { NatsIdentity } from '@tasksensei/contracts';
import { ensureAssertionKeys, type AssertionKeys } from './identity/assertion-keys.js';
import { startChroma, startDynalite, startMail, startNats, startS3 } from './infra.js';
import { ensureNatsCredentials, type NatsCredentials } from './nats/credentials.js';
import { ComponentError, freePort, portAnswers, type Component } from './process.js';
import { LOCAL_KMS_KEY_ID } from './s3/local-s3.js';
import { SERVICES, startService, type StackService } from './services.js';

export interface StackPorts {
  gateway: number;
  gatewayOps: number;
  dynamodb: number;
  s3: number;
  chroma: number;
  /** The local SMTP server; `mailbox` is its HTTP side (GET /mail). */
  mail: number;
  mailbox: number;
  nats: number;
  auth: number;
  users: number;
  files: number;
  chat: number;
  billing: number;
}

export interface StackOptions {
  readonly dataDir: string;
  readonly ports: StackPorts;
  readonly publicUrl?: string;
  /** Variables passed to every service on top of the stack's own (operator settings, LLM keys...). */
  readonly env?: NodeJS.ProcessEnv;
  readonly logLevel?: string;
  readonly onReady?: (component: ComponentRow) => void;
  /** False: dynalite, s3rver and Chroma already run on `ports` (a test's second stack shares them). */
  readonly startStores?: boolean;
  /** Flags for every Node process the stack starts, before the script (the bench's `--cpu-prof`). */
  readonly nodeArgs?: readonly string[];
}

export interface ComponentRow {
  readonly name: string;
  readonly pid: number | undefined;
  readonly port: number;
  readonly state: 'ready' | 'stopped';
  readonly ms: number;
}

export const S3_BUCKET = 'tasksensei-files';

export const STORES = ['dynamodb', 's3', 'chroma', 'mail'] as const;
export type StoreName = (typeof STORES)[number];

/** Default ports of `npm start`; tests pick free ones instead. */
export const DEFAULT_PORTS: StackPorts = {
  gateway: 8080,
  gatewayOps: 8090,
  dynamodb: 4567,
  s3: 4568,
  chroma: 8000,
  mail: 2525,
  mailbox: 8025,
  nats: 4222,
  auth: 8081,
  users: 8082,
  files: 8083,
  chat: 8084,
  billing: 8085,
};

export async function freePorts(): Promise<StackPorts> {
  const entries = await Promise.all(Object.keys(DEFAULT_PORTS).map(async (key) => [key, await freePort()] as const));
  return Object.fromEntries(entries) as unknown as StackPorts;
}

/**
 * The whole system on one machine: NATS (JetStream), dynalite, s3rver and Chroma keeping their
 * data under `dataDir`, then the five services and the gateway, each its own process.
 */
export class Stack {
  readonly components = new Map<string, Component>();
  readonly dataDir: string;
  readonly logDir: string;
  natsUrl = '';
  /**
   * NATS nkey seeds (one per identity, 0600) and the gateway's assertion key, generated under
   * DATA_DIR on the first start and reused after.
   */
  readonly natsCredentials: NatsCredentials;
  readonly assertionKeys: AssertionKeys;
  /** Every child ever spawned, ready or not, for the last-resort kill. */
  private readonly pids = new Set<number>();
  protected readonly onSpawn = (pid: number) => this.pids.add(pid);

  constructor(readonly options: StackOptions) {
    this.dataDir = resolve(options.dataDir);
    this.logDir = join(this.dataDir, 'logs');
    this.natsCredentials = ensureNatsCredentials(join(this.dataDir, 'nats', 'keys'));
    this.assertionKeys = ensureAssertionKeys(join(this.dataDir, 'identity'));
  }

  /** The seed file a process connecting as `identity` uses (NATS_NKEY_SEED_FILE). */
  seedFileOf(identity: NatsIdentity): string {
    return this.natsCredentials.seedFiles[identity];
  }

  get ports(): StackPorts {
    return this.options.ports;
  }

  /** The browser-facing URL of the gateway (PUBLIC_URL), also the origin the local S3 allows. */
  get publicUrl(): string {
    return this.options.publicUrl ?? `http://localhost:${this.ports.gateway}`;
  }

  get gatewayUrl(): string {
    return `http://127.0.0.1:${this.ports.gateway}`;
  }

  async start(): Promise<this> {
    mkdirSync(this.logDir, { recursive: true });
    try {
      await this.startNats();
      if (this.options.startStores !== false) await this.startStores();
      await Promise.all(SERVICES.map((name) => this.startService(name)));
      await this.startService('gateway');
    } catch (error) {
      await this.stop();
      this.killAll();
      throw error;
    }
    return this;
  }

  protected async startStores(): Promise<void> {
    await Promise.all(STORES.map((name) => this.startStore(name)));
  }

  /** Starts (or, after a stop, restarts) one store on its port with its data. */
  async startStore(name: StoreName): Promise<Component> {
    const common = { logDir: this.logDir, onSpawn: this.onSpawn, ...(this.options.nodeArgs ? { nodeArgs: this.options.nodeArgs } : {}) };
    switch (name) {
      case 'dynamodb':
        return this.track(() => startDynalite({ ...common, port: this.ports.dynamodb, dir: join(this.dataDir, 'dynamodb') }), 'dynamodb');
      case 's3':
        return this.track(
          () =>
            startS3({
              ...common,
              port: this.ports.s3,
              dir: join(this.dataDir, 's3'),
              bucket: S3_BUCKET,
              masterKeyFile: join(this.dataDir, 's3-master.key'),
              corsOrigins: [new URL(this.publicUrl).origin],
            }),
          's3',
        );
      case 'chroma':
        return this.track(() => startChroma({ ...common, port: this.ports.chroma, dir: join(this.dataDir, 'chroma') }), 'chroma');
      case 'mail':
        return this.track(
          () => startMail({ ...common, port: this.ports.mail, httpPort: this.ports.mailbox, dir: join(this.dataDir, 'mail') }),
          'mail',
        );
    }
  }

  /** The environment a service gets: the stack's endpoints, then operator settings. */
  serviceEnv(name: StackService): NodeJS.ProcessEnv {
    const p = this.ports;
    const shared: NodeJS.ProcessEnv = {
      NATS_URL: this.natsUrl,
      LOG_LEVEL: this.options.logLevel ?? 'info',
      PUBLIC_URL: this.publicUrl,
      DATA_DIR: this.dataDir,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'S3RVER', // s3rver's fixed key; dynalite takes any
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      DYNAMODB_ENDPOINT: `http://127.0.0.1:${p.dynamodb}`,
      DYNAMODB_CREATE_TABLES: 'true',
      S3_ENDPOINT: `http://127.0.0.1:${p.s3}`,
      S3_BUCKET,
      S3_FORCE_PATH_STYLE: 'true',
      S3_CREATE_BUCKET: 'true',
      // Presigned uploads name this key for SSE-KMS, as they name the stack's KMS key in AWS.
      S3_SSE_KMS_KEY_ID: LOCAL_KMS_KEY_ID,
      CHROMA_URL: `http://127.0.0.1:${p.chroma}`,
      // Account mails go to the stack's SMTP server; the gateway serves its mailbox at /dev/mail.
      SMTP_URL: `smtp://127.0.0.1:${p.mail}`,
      DEV_MAILBOX_URL: `http://127.0.0.1:${p.mailbox}`,
      // Billing's local checkout posts its signed events to the gateway directly (PUBLIC_URL may not resolve here).
      STRIPE_LOCAL_WEBHOOK_URL: `http://127.0.0.1:${p.gateway}/webhook`,
      // Billing refuses to start without a Stripe key unless the local checkout is switched on explicitly.
      BILLING_LOCAL_CHECKOUT: 'true',
    };
    const own: NodeJS.ProcessEnv =
      name === 'gateway'
        ? { PORT: String(p.gateway), OPS_PORT: String(p.gatewayOps), USER_ASSERTION_SIGNING_KEY_FILE: this.assertionKeys.signingKeyFile }
        : { OPS_PORT: String(p[name]), USER_ASSERTION_PUBLIC_KEYS: this.assertionKeys.publicJwks };
    own.NATS_NKEY_SEED_FILE = this.seedFileOf(name);
    return { ...process.env, ...shared, ...this.options.env, ...own };
  }

  async startService(name: StackService, env: NodeJS.ProcessEnv = {}): Promise<Component> {
    return this.track(
      () =>
        startService({
          name,
          env: { ...this.serviceEnv(name), ...env },
          opsPort: name === 'gateway' ? this.ports.gatewayOps : this.ports[name],
          ...(name === 'gateway' ? { httpPort: this.ports.gateway } : {}),
          logDir: this.logDir,
          onSpawn: this.onSpawn,
          ...(this.options.nodeArgs ? { nodeArgs: this.options.nodeArgs } : {}),
        }),
      name,
    );
  }

  async stopComponent(name: string): Promise<void> {
    const component = this.components.get(name);
    if (!component) return;
    await component.stop();
    this.components.delete(name);
  }

  /** Services first (they drain NATS), then the stores, then NATS. */
  async stop(): Promise<void> {
    const order = ['gateway', ...SERVICES, 'chroma', 's3', 'dynamodb', 'mail', 'nats'];
    for (const group of [order.slice(0, 1), order.slice(1, 6), order.slice(6, 10), order.slice(10)]) {
      await Promise.all(group.map((name) => this.stopComponent(name).catch(() => undefined)));
    }
  }

  /** Synchronous last resort (process exit): SIGKILL every process group still running. */
  killAll(): void {
    for (const pid of this.pids) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
  }

  /** Always our own server, never one already running: only ours has the stack's users and permissions. */
  private async startNats(): Promise<void> {
    const component = await this.track(
      () =>
        startNats({
          port: this.ports.nats,
          dir: join(this.dataDir, 'nats'),
          logDir: this.logDir,
          onSpawn: this.onSpawn,
          users: this.natsCredentials.users,
        }),
      'nats',
    );
    this.natsUrl = component.url;
  }

  protected async track(start: () => Promise<Component>, name: string): Promise<Component> {
    const port = name === 'gateway' ? this.ports.gateway : this.ports[name as keyof StackPorts];
    if (port && (await portAnswers(port))) {
      throw new ComponentError(`${name}: port ${port} is already in use (another stack running?)`);
    }
    const started = performance.now();
    const component = await start();
    this.components.set(name, component);
    this.options.onReady?.({
      name,
      pid: component.pid,
      port: component.port,
      state: 'ready',
      ms: Math.round(performance.now() - started),
    });
    return component;
  }
}
