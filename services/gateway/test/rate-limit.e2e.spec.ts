import { request as httpRequest } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Component } from '@tasksensei/devstack';
import { startOwnGateway } from '../../../test/support/own-gateway.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown> | undefined;
}

/** A POST from a chosen local address (127.0.0.2 is another client on the loopback). */
function post(url: string, body: unknown, localAddress = '127.0.0.1'): Promise<Answer> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: 'POST', localAddress, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          let parsed: Record<string, unknown> | undefined;
          try {
            parsed = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
          } catch {
            parsed = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

function expectRateLimited(answer: Answer) {
  expect(answer.status).toBe(429);
  expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(answer.body).toEqual(
    expect.objectContaining({
      status: 429,
      title: expect.any(String),
      type: 'https://tasksensei.dev/problems/rate-limited',
      reason: 'RATE_LIMITED',
      detail: expect.any(String),
    }),
  );
  expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
}

/** A gateway of our own with low edge limits, on the shared bus and services. */
describe('rate limits on the unauthenticated endpoints, per client address', () => {
  const SIGN_IN = 3;
  const WEBHOOK = 2;
  let gateway: Component;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tasksensei-rate-limit-'));
    gateway = await startOwnGateway(dataDir, {
      RATE_LIMIT_SIGN_IN_PER_MINUTE: String(SIGN_IN),
      RATE_LIMIT_WEBHOOK_PER_MINUTE: String(WEBHOOK),
    });
  }, 60_000);

  afterAll(async () => {
    await gateway?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers the request past the sign-in limit with 429 problem+json and Retry-After; another address is still served', async () => {
    const url = `${gateway.url}/auth`;
    const credentials = { email: 'nobody@example.com', password: 'wrong-password-1' };
    const first = await post(url, credentials);
    expect(first.status).not.toBe(429);
    for (let i = 1; i < SIGN_IN; i++) expect((await post(url, credentials)).status).toBe(first.status);

    expectRateLimited(await post(url, credentials));
    // One budget for every sign-in endpoint, /password/* included before those routes exist.
    expectRateLimited(await post(`${gateway.url}/signup`, { email: 'x@example.com', password: 'a-long-password-1' }));
    expectRateLimited(await post(`${gateway.url}/oidc/token`, {}));
    expectRateLimited(await post(`${gateway.url}/password/forgot`, { email: 'nobody@example.com' }));

    const other = await post(url, credentials, '127.0.0.2');
    expect(other.status).toBe(first.status);
  });

  it('limits POST /webhook on its own budget', async () => {
    const url = `${gateway.url}/webhook`;
    for (let i = 0; i < WEBHOOK; i++) expect((await post(url, {}, '127.0.0.3')).status).not.toBe(429);
    expectRateLimited(await post(url, {}, '127.0.0.3'));
    expect((await post(url, {}, '127.0.0.4')).status).not.toBe(429);
  });
});
