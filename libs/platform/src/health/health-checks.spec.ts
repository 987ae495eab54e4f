import { HealthChecks } from './health-checks.js';

describe('HealthChecks', () => {
  it('reports each check, a failure with its reason, and a hung one as down after the deadline', async () => {
    const checks = new HealthChecks()
      .register('fast', async () => 'fine')
      .register('broken', async () => {
        throw new Error('connection refused');
      })
      .register('hung', () => new Promise(() => undefined));

    const started = Date.now();
    const result = await checks.run(200);

    expect(Date.now() - started).toBeLessThan(1_000);
    expect(result.fast!.status).toBe('ok');
    expect(result.broken).toEqual(expect.objectContaining({ status: 'down', detail: 'connection refused' }));
    expect(result.hung).toEqual(expect.objectContaining({ status: 'down', detail: 'no answer within 200 ms' }));
  });
});
