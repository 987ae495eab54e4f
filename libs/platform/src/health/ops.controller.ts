import { Controller, Get, Header, HttpCode, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Metrics } from '../metrics/metrics.js';
import { HealthChecks } from './health-checks.js';

/**
 * Probes and metrics for the orchestrator: liveness says the process serves requests,
 * readiness says its dependencies (NATS included) answer.
 */
@Controller()
export class OpsController {
  constructor(
    @Inject(HealthChecks) private readonly health: HealthChecks,
    @Inject(Metrics) private readonly metrics: Metrics,
  ) {}

  @Get('healthz')
  @HttpCode(200)
  live() {
    return { status: 'ok' };
  }

  @Get('readyz')
  async ready(@Res() reply: FastifyReply) {
    const checks = await this.health.run();
    const ok = Object.values(checks).every((c) => c.status === 'ok');
    await reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'down', checks });
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape() {
    return this.metrics.registry.metrics();
  }
}
