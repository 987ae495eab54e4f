import { Controller, Get, Inject, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthConfigContract, type ClientConfig } from '@tasksensei/contracts';
import type { FastifyRequest } from 'fastify';
import { openApiSchema } from '../openapi/zod-openapi.js';
import { ServiceClient } from '../services/service-client.js';

@ApiTags('auth')
@Controller()
export class ClientConfigController {
  constructor(@Inject(ServiceClient) private readonly services: ServiceClient) {}

  @Get('config')
  @ApiOperation({ summary: 'What a browser needs to start the PKCE flow, answered by the auth service' })
  @ApiOkResponse({ schema: openApiSchema(AuthConfigContract.reply) })
  config(@Req() request: FastifyRequest): Promise<ClientConfig> {
    return this.services.call(AuthConfigContract, {}, request);
  }
}
