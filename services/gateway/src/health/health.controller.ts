import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { CheckSchema } from '@tasksensei/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { openApiSchema } from '../openapi/zod-openapi.js';
import { SystemHealthProbe, publicHealth } from './system-health.js';

const HealthSchema = z.object({ status: z.enum(['ok', 'down']), checks: z.record(z.string(), CheckSchema.pick({ status: true })) });

@ApiTags('operations')
@Controller()
export class HealthController {
  constructor(@Inject(SystemHealthProbe) private readonly probe: SystemHealthProbe) {}

  /** Liveness for load balancers: the gateway answers, without the fan-out /health does. */
  @Get('ping')
  @ApiOperation({ summary: 'The gateway answers (no dependency checked)' })
  @ApiOkResponse({ schema: openApiSchema(z.object({ status: z.literal('ok') })) })
  ping() {
    return { status: 'ok' as const };
  }

  @Get('health')
  @ApiOperation({ summary: 'Gateway, NATS, every service and the stores they report' })
  @ApiOkResponse({ schema: openApiSchema(HealthSchema) })
  @ApiServiceUnavailableResponse({
    description: 'At least one check is down; the body names it (the error text is on the ops port only)',
    schema: openApiSchema(HealthSchema),
  })
  async health(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const health = await this.probe.probe(request.id);
    await reply
      .code(health.status === 'ok' ? 200 : 503)
      .header('Cache-Control', 'no-store')
      .send(publicHealth(health));
  }
}
