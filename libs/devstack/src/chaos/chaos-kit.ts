import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SignJWT, importJWK, type JWK } from 'jose';
import { io, type Socket } from 'socket.io-client';
import Stripe from 'stripe';
import type { ClusterStack } from '../cluster/cluster-stack.js';
import { delay } from '../process.js';

/** What one scenario reports: the row of the chaos table, its figures, and what did not hold. */
export interface ScenarioResult {
  readonly id: string;
  readonly scenario: string;
  readonly load: string;
  readonly fault: string;
  readonly mustHold: string;
  /** The measured outcome in words (the table's last column). */
  readonly measured: string;
  readonly figures: Record<string, number | string | boolean | null>;
  /** Correctness that did not hold: lost, doubled, hung, a 500, never recovered. Empty is good. */
  readonly violations: string[];
  /** Time targets of the issue that were missed: reported, never asserted. */
  readonly slow: string[];
}

/** The outcome of one HTTP request: a status, or an error (`timeout` when nothing came back at all). */
export interface Outcome {
  readonly status?: number;
  readonly error?: string;
  readonly startedAt: number;
  readonly endedAt: number;
}

/** A request with a client deadline: a request still unanswered then is one that hung. */
export async function call(url: string, init: RequestInit = {}, deadlineMs = 30_000): Promise<Outcome & { body?: unknown }> {
  const startedAt = Date.now();
  try {
    const response = await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(deadlineMs) });
    const text = await response.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    return { status: response.status, body, startedAt, endedAt: Date.now() };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    const name = (error as Error).name;
    return { error: name === 'TimeoutError' ? 'timeout' : (cause ?? name), startedAt, endedAt: Date.now() };
  }
}

export const ok = (o: Outcome) => o.status !== undefined && o.status >= 200 && o.status < 400;

/** Runs `workers` loops of `step` until `running()` says stop; every outcome is kept. */
export async function drive(
  workers: number,
  running: () => boolean,
  step: (worker: number, i: number) => Promise<Outcome>,
): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      for (let i = 0; running(); i++) outcomes.push(await step(worker, i));
    }),
  );
  return outcomes;
}

/** Counts of outcomes by status (or error), e.g. `{ "200": 950, "504": 12, "ECONNREFUSED": 3 }`. */
export function tally(outcomes: readonly Outcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of outcomes) {
    const key = o.status !== undefined ? String(o.status) : (o.error ?? 'error');
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** From the first failed request's start to the last one's end; 0 when none failed. */
export function errorWindowMs(outcomes: readonly Outcome[]): number {
  const failed = outcomes.filter((o) => !ok(o));
  if (!failed.length) return 0;
  return Math.max(...failed.map((o) => o.endedAt)) - Math.min(...failed.map((o) => o.startedAt));
}

/** Polls until `check` returns a value, or undefined at the deadline. */
export async function waitFor<T>(
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs: number,
  intervalMs = 250,
): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await Promise.resolve()
      .then(check)
      .catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) return undefined;
    await delay(intervalMs);
  }
}

export interface ChaosUser {
  readonly userId: string;
  readonly token: string;
}

/**
 * An access token as the stack's built-in issuer signs them (its key from DATA_DIR), so the
 * suite needs no login round trips; only for a throwaway local stack.
 */
export async function mintToken(cluster: { readonly dataDir: string; readonly publicUrl: string }, subject: string): Promise<string> {
  const { keys } = JSON.parse(readFileSync(join(cluster.dataDir, 'auth', 'keys.json'), 'utf8')) as { keys: (JWK & { kid: string })[] };
  const key = keys[0]!;
  return new SignJWT({ client_id: 'tasksensei-web', scope: 'api' })
    .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'at+jwt' })
    .setIssuer(`${cluster.publicUrl}/oidc`)
    .setAudience('urn:tasksensei:api')
    .setSubject(subject)
    .setIssuedAt()
    .setExpirationTime('2h')
    .sign(await importJWK(key, 'ES256'));
}

export const bearer = (user: ChaosUser) => ({ authorization: `Bearer ${user.token}` });

/** Signs up `count` users through the gateways and waits until each has a profile. */
export async function signUpUsers(cluster: ClusterStack, count: number, label: string): Promise<ChaosUser[]> {
  const users: ChaosUser[] = [];
  const urls = cluster.gatewayUrls;
  // Password hashing is CPU-bound: a few at a time, so a loaded machine still answers in time.
  const batchSize = 4;
  for (let start = 0; start < count; start += batchSize) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(batchSize, count - start) }, async (_, i) => {
        const gateway = urls[(start + i) % urls.length]!;
        // A fresh address per attempt: a signup the gateway gave up on (504) may still have
        // created its account, and the same address would then be 409 forever.
        const created = await waitFor(async () => {
          const email = `${label}-${randomUUID().slice(0, 8)}@example.com`;
          const r = await call(`${gateway}/signup`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ email, password: 'correct horse battery staple 42' }),
          });
          return r.status === 201 ? (r.body as { userId: string }).userId : undefined;
        }, 120_000);
        if (!created) throw new Error(`could not sign up a ${label} user within 2 minutes`);
        const user = { userId: created, token: await mintToken(cluster, created) };
        const profile = await waitFor(async () => {
          const r = await call(`${gateway}/user/profile`, { headers: bearer(user) });
          return r.status === 200 ? r.body : undefined;
        }, 60_000);
        if (!profile) throw new Error(`no profile for user ${created}`);
        return user;
      }),
    );
    users.push(...batch);
  }
  return users;
}

export interface Membership {
  readonly tier: string;
  readonly status: string;
}

export async function profileOf(url: string, user: ChaosUser): Promise<{ membership: Membership; version: number } | undefined> {
  const r = await call(`${url}/user/profile`, { headers: bearer(user) }, 10_000);
  return r.status === 200 ? (r.body as { membership: Membership; version: number }) : undefined;
}

/** The webhook secret billing generated for the local stack. */
export const webhookSecret = (cluster: ClusterStack) =>
  readFileSync(join(cluster.dataDir, 'billing', 'stripe-webhook-secret'), 'utf8').trim();

export const stripeId = (prefix: string) => `${prefix}_chaos${randomBytes(8).toString('hex')}`;

/** POSTs a Stripe event to /webhook signed as Stripe does (or with `secret` forged). */
export function deliver(url: string, event: object, secret: string): Promise<Outcome> {
  const payload = JSON.stringify(event);
  const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret });
  return call(`${url}/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': signature },
    body: payload,
  });
}

/** Pays a checkout on the local checkout page, as the browser's "Pay" button does. */
export async function payCheckout(url: string, user: ChaosUser): Promise<boolean> {
  const checkout = await call(`${url}/checkout`, {
    method: 'POST',
    headers: { ...bearer(user), 'content-type': 'application/json' },
    body: JSON.stringify({ planId: 'pro' }),
  });
  if (checkout.status !== 200) return false;
  const { sessionId } = checkout.body as { sessionId: string };
  // The page's form carries the token its POST must echo (CSRF).
  const page = await fetch(`${url}/billing/local-checkout/${sessionId}`);
  const token = /name="csrf_token" value="([^"]+)"/.exec(await page.text())?.[1];
  if (!token) return false;
  const paid = await call(`${url}/billing/local-checkout/${sessionId}/pay`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `confirm=pay&csrf_token=${token}`,
  });
  return paid.status === 303;
}

/** A /chat socket over WebSocket only (as the web client), with its events recorded. */
export interface ChatClient {
  socket: Socket;
  readonly events: { event: string; data: unknown; at: number }[];
}

export function openChat(url: string, token: string, extra: Record<string, unknown> = {}): ChatClient {
  const socket = io(`${url}/chat`, {
    path: '/socket.io',
    transports: ['websocket'],
    auth: { token, ...extra },
    reconnection: false,
    forceNew: true,
    timeout: 20_000,
  });
  const client: ChatClient = { socket, events: [] };
  socket.onAny((event: string, data: unknown) => client.events.push({ event, data, at: Date.now() }));
  return client;
}

export function connected(socket: Socket, timeoutMs = 30_000): Promise<boolean> {
  if (socket.connected) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(true);
    });
    socket.once('connect_error', () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
}

/**
 * An OpenAI-compatible endpoint whose replies stream slowly (chunks `chunkDelayMs` apart), so a
 * chat replica can be killed while it is writing one. Embeddings stay offline (no model set).
 */
export class SlowModel {
  private server?: Server;

  constructor(
    private readonly chunks = 30,
    private readonly chunkDelayMs = 150,
  ) {}

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/v1`;
  }

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        if (!request.url?.endsWith('/chat/completions')) return response.writeHead(404).end();
        response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        const id = `chatcmpl-${randomUUID()}`;
        const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
          `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model: 'slow', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
        void (async () => {
          response.write(chunk({ role: 'assistant', content: '' }));
          for (let i = 0; i < this.chunks && !response.destroyed; i++) {
            await delay(this.chunkDelayMs);
            response.write(chunk({ content: `word${i} ` }));
          }
          response.write(chunk({}, 'stop'));
          response.end('data: [DONE]\n\n');
        })();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  env(): NodeJS.ProcessEnv {
    return { LLM_BASE_URL: this.baseUrl, LLM_API_KEY: 'chaos', LLM_MODEL: 'slow' };
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

export const percentile = (values: readonly number[], p: number) => {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
