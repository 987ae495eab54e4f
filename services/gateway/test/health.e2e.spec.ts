import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Stack, freePorts } from '@tasksensei/devstack';
import { expectProblem, request, testStack } from '../../../test/support/test-stack.js';

const EVERY_CHECK = ['gateway', 'nats', 'auth', 'users', 'files', 'chat', 'billing', 'dynamodb', 's3', 'chroma'];

describe('GET /health', () => {
  it('answers 200 with one ok check per service and per store when everything is up', async () => {
    const response = await request<{ status: string; checks: Record<string, { status: string }> }>(`${testStack().gatewayUrl}/health`);

    expect(response.status).toBe(200);
    expect(response.body.status).toBe('ok');
    expect(Object.keys(response.body.checks).sort()).toEqual([...EVERY_CHECK].sort());
    // Only ok/down per component on the public port: no latency, no error text.
    for (const name of EVERY_CHECK) expect(response.body.checks[name]).toEqual({ status: 'ok' });
  });

  describe('with a service stopped', () => {
    // A second stack of our own (own NATS, own services) over the run's stores, so stopping
    // a service here cannot disturb other tests.
    let stack: Stack;
    let dataDir: string;

    beforeAll(async () => {
      const shared = testStack().ports;
      dataDir = mkdtempSync(join(tmpdir(), 'tasksensei-health-'));
      const ports = { ...(await freePorts()), dynamodb: shared.dynamodb, s3: shared.s3, chroma: shared.chroma };
      stack = await new Stack({ dataDir, ports, startStores: false, logLevel: 'warn' }).start();
      await stack.stopComponent('billing');
    }, 120_000);

    afterAll(async () => {
      await stack?.stop();
      stack?.killAll();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('answers 503 and names the stopped service, the rest still ok', async () => {
      const response = await request<{ status: string; checks: Record<string, { status: string; detail?: string }> }>(
        `${stack.gatewayUrl}/health`,
      );

      expect(response.status).toBe(503);
      expect(response.body.status).toBe('down');
      // The public body says which component is down, never why.
      expect(response.body.checks.billing).toEqual({ status: 'down' });
      for (const name of EVERY_CHECK.filter((n) => n !== 'billing')) {
        expect(response.body.checks[name]).toEqual({ status: 'ok' });
      }
    });

    it('keeps the error text for the ops port', async () => {
      const response = await request<{ status: string; checks: Record<string, { status: string; detail?: string }> }>(
        `http://127.0.0.1:${stack.ports.gatewayOps}/health`,
      );

      expect(response.status).toBe(503);
      expect(response.body.checks.billing).toEqual(expect.objectContaining({ status: 'down', detail: expect.stringContaining('billing') }));
    });

    it('answers a request for the stopped service with a 503 problem, not a hang', async () => {
      const started = Date.now();
      const response = await request(`${stack.gatewayUrl}/plans`);

      expectProblem(response, 503);
      expect((response.body as { detail: string }).detail).toContain('billing');
      expect(Date.now() - started).toBeLessThan(5_000);
    });

    it('is ok again once the service is back', async () => {
      await stack.startService('billing');
      const response = await request(`${stack.gatewayUrl}/health`);
      expect(response.status).toBe(200);
    }, 60_000);
  });
});
