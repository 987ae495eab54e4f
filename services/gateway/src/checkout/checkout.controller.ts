import { Body, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiConflictResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { CheckoutContract, CheckoutRequestSchema, PortalContract, type CheckoutSession } from '@tasksensei/contracts';
import type { FastifyRequest } from 'fastify';
import { SignedInController, problem } from '../auth/signed-in-controller.js';
import { openApiSchema } from '../openapi/zod-openapi.js';
import { ServiceClient } from '../services/service-client.js';
import { parseBody } from '../validation/parse-body.js';

@SignedInController('billing')
export class CheckoutController {
  constructor(@Inject(ServiceClient) private readonly services: ServiceClient) {}

  @Post('checkout')
  @HttpCode(200)
  @ApiOperation({
    summary: 'A Stripe Checkout Session for a paid plan (the local checkout page without a Stripe key); redirect the browser to `url`',
  })
  @ApiBody({ schema: openApiSchema(CheckoutRequestSchema) })
  @ApiOkResponse({ schema: openApiSchema(CheckoutContract.reply) })
  @ApiBadRequestResponse({ description: 'Unknown or free plan', ...problem })
  @ApiConflictResponse({ description: 'Already a member: use the billing portal', ...problem })
  checkout(@Body() body: unknown, @Req() request: FastifyRequest): Promise<CheckoutSession> {
    return this.services.call(CheckoutContract, parseBody(CheckoutRequestSchema, body), request, 25_000);
  }

  @Post('billing/portal')
  @HttpCode(200)
  @ApiOperation({ summary: "Stripe's customer portal for the caller (the local portal page without a Stripe key)" })
  @ApiOkResponse({ schema: openApiSchema(PortalContract.reply) })
  @ApiConflictResponse({ description: 'No billing account yet', ...problem })
  portal(@Req() request: FastifyRequest): Promise<{ url: string }> {
    return this.services.call(PortalContract, {}, request, 25_000);
  }
}
