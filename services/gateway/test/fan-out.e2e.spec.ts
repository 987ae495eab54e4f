import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { expectEventually, request, testStack } from '../../../test/support/test-stack.js';

interface Plan {
  id: string;
  priceCents: number;
  currency: string;
  interval: string;
  features: string[];
  limits: { storageQuotaBytes: number; maxFileSizeBytes: number; messagesPerDay: number; automations: string[] };
}

describe('requests fanned out to the services over NATS', () => {
  it('GET /plans is the billing service price sheet, with free and pro and the limits others enforce', async () => {
    const response = await request<Plan[]>(`${testStack().gatewayUrl}/plans`);

    expect(response.status).toBe(200);
    const ids = response.body.map((p) => p.id);
    expect(ids).toEqual(expect.arrayContaining(['free', 'pro']));
    const [free, pro] = ['free', 'pro'].map((id) => response.body.find((p) => p.id === id)!);
    expect(free!.priceCents).toBe(0);
    expect(pro!.priceCents).toBeGreaterThan(0);
    expect(pro!.limits.storageQuotaBytes).toBeGreaterThan(free!.limits.storageQuotaBytes);
    expect(pro!.limits.messagesPerDay).toBeGreaterThan(free!.limits.messagesPerDay);
    expect(pro!.limits.automations).toContain('schedule_reminder');
    // Billing-internal fields never leave through the public API.
    expect(JSON.stringify(response.body)).not.toContain('stripePriceId');
  });

  it('GET /config is the auth service view of the built-in issuer', async () => {
    const { gatewayUrl, ports } = testStack();
    const response = await request(`${gatewayUrl}/config`);

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      issuer: `http://localhost:${ports.gateway}/oidc`,
      clientId: 'tasksensei-web',
      redirectUri: `http://localhost:${ports.gateway}/callback`,
      scopes: expect.arrayContaining(['openid', 'offline_access']),
    });
  });

  it('carries the request id from the HTTP request through NATS into the service log', async () => {
    const { gatewayUrl, logDir } = testStack();
    const requestId = `it-${randomUUID()}`;
    const response = await request(`${gatewayUrl}/plans`, { headers: { 'x-request-id': requestId } });

    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe(requestId);
    await expectEventually(() => {
      const lines = readFileSync(join(logDir, 'billing.log'), 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('{'));
      const mine = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.requestId === requestId);
      expect(mine).toEqual([expect.objectContaining({ service: 'billing', subject: 'billing.v1.plans' })]);
    });
  });

  it('replaces a hostile request id with its own', async () => {
    const hostile = 'x"\\n{"level":"fatal"}'.padEnd(300, 'A');
    const response = await request(`${testStack().gatewayUrl}/plans`, { headers: { 'x-request-id': hostile } });

    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves the generated OpenAPI document at /docs', async () => {
    const { gatewayUrl } = testStack();
    const json = await request<{ openapi: string; paths: Record<string, unknown> }>(`${gatewayUrl}/docs/json`);
    expect(json.status).toBe(200);
    expect(json.body.openapi).toMatch(/^3\./);
    expect(Object.keys(json.body.paths)).toEqual(expect.arrayContaining(['/health', '/plans', '/config']));
    const ui = await fetch(`${gatewayUrl}/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
  });
});
