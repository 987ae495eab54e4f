import { Body, Get, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { GetProfileContract, UpdateProfileContract, UpdateProfileRequestSchema, type Profile } from '@tasksensei/contracts';
import type { FastifyRequest } from 'fastify';
import { SignedInController, problem } from '../auth/signed-in-controller.js';
import { openApiSchema } from '../openapi/zod-openapi.js';
import { ServiceClient } from '../services/service-client.js';
import { parseBody } from '../validation/parse-body.js';

@SignedInController('profile', 'user')
export class ProfileController {
  constructor(@Inject(ServiceClient) private readonly services: ServiceClient) {}

  @Get('profile')
  @ApiOperation({ summary: "The caller's profile and membership" })
  @ApiOkResponse({ schema: openApiSchema(GetProfileContract.reply) })
  @ApiNotFoundResponse({ description: 'The profile is not created yet (registration still in flight)', ...problem })
  profile(@Req() request: FastifyRequest): Promise<Profile> {
    return this.services.call(GetProfileContract, {}, request);
  }

  @Post('update')
  @HttpCode(200)
  @ApiOperation({ summary: 'Change displayName, company, timezone or preferences; `expectedVersion` makes it conditional' })
  @ApiBody({ schema: openApiSchema(UpdateProfileRequestSchema) })
  @ApiOkResponse({ schema: openApiSchema(UpdateProfileContract.reply) })
  @ApiBadRequestResponse({ description: 'Invalid field or unknown field', ...problem })
  @ApiConflictResponse({ description: '`expectedVersion` is stale: reload the profile and retry', ...problem })
  update(@Body() body: unknown, @Req() request: FastifyRequest): Promise<Profile> {
    return this.services.call(UpdateProfileContract, parseBody(UpdateProfileRequestSchema, body), request);
  }
}
