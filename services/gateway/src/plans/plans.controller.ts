import { Controller, Get, Header, Inject, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ListPlansContract, type PublicPlan } from '@tasksensei/contracts';
import type { FastifyRequest } from 'fastify';
import { openApiSchema } from '../openapi/zod-openapi.js';
import { ServiceClient } from '../services/service-client.js';

@ApiTags('billing')
@Controller()
export class PlansController {
  constructor(@Inject(ServiceClient) private readonly services: ServiceClient) {}

  @Get('plans')
  @Header('Cache-Control', 'public, max-age=60')
  @ApiOperation({ summary: 'The price sheet, answered by the billing service' })
  @ApiOkResponse({ schema: openApiSchema(ListPlansContract.reply) })
  plans(@Req() request: FastifyRequest): Promise<PublicPlan[]> {
    return this.services.call(ListPlansContract, {}, request);
  }
}
