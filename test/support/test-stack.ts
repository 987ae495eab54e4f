import type { NatsIdentity } from '@tasksensei/contracts';
import type { StackPorts } from '@tasksensei/devstack';

/** The stack that globalSetup started for this run. */
export interface TestStack {
  readonly dataDir: string;
  readonly logDir: string;
  readonly ports: StackPorts;
  readonly natsUrl: string;
  /** identity -> its nkey seed file: connect with test/support/nats.ts `connectAs`. */
  readonly natsSeedFiles: Record<NatsIdentity, string>;
  /** The gateway's private user-assertion key (a JWK file) and its public JWKS. */
  readonly assertionSigningKeyFile: string;
  readonly assertionPublicJwks: string;
  readonly gatewayUrl: string;
  readonly pids: Record<string, number | undefined>;
}

export function testStack(): TestStack {
  const raw = process.env.TASKSENSEI_TEST_STACK;
  if (!raw) throw new Error('TASKSENSEI_TEST_STACK is not set: run e2e tests through jest (globalSetup starts the stack)');
  return JSON.parse(raw) as TestStack;
}

/** Polls until `check` passes or the deadline ends; the last failure is what is reported. */
export async function expectEventually<T>(check: () => T | Promise<T>, timeoutMs = 10_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}

export interface JsonResponse<T = unknown> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
  readonly text: string;
}

export async function request<T = unknown>(url: string, init: RequestInit = {}): Promise<JsonResponse<T>> {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: unknown = undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, body: body as T, text };
}

/** Asserts an RFC 9457 problem with the given status. */
export function expectProblem(response: JsonResponse, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(response.body).toEqual(
    expect.objectContaining({ type: expect.any(String), title: expect.any(String), status, detail: expect.any(String) }),
  );
}
