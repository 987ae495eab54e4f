import { Body, Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiBody, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ForgotPasswordContract,
  ForgotPasswordRequestSchema,
  ResetPasswordContract,
  ResetPasswordRequestSchema,
  VerifyEmailContract,
  VerifyEmailRequestSchema,
} from '@tasksensei/contracts';
import type { FastifyRequest } from 'fastify';
import { ProblemSchema } from '../openapi/problem.schema.js';
import { openApiSchema } from '../openapi/zod-openapi.js';
import { ServiceClient } from '../services/service-client.js';
import { parseBody } from '../validation/parse-body.js';

const problem = { schema: openApiSchema(ProblemSchema) };

/** API.md "Account recovery": public routes whose proof is a token from a mail. */
@ApiTags('account')
@Controller()
export class RecoveryController {
  constructor(@Inject(ServiceClient) private readonly services: ServiceClient) {}

  @Post('account/verify-email')
  @HttpCode(204)
  @ApiOperation({ summary: 'Confirm an email address with the token from the verification mail' })
  @ApiBody({ schema: openApiSchema(VerifyEmailRequestSchema) })
  @ApiNoContentResponse()
  @ApiBadRequestResponse({ description: 'Bad, used or expired token', ...problem })
  async verifyEmail(@Body() body: unknown, @Req() request: FastifyRequest): Promise<void> {
    await this.services.call(VerifyEmailContract, parseBody(VerifyEmailRequestSchema, body), request);
  }

  @Post('password/forgot')
  @HttpCode(202)
  @ApiOperation({ summary: 'Mail a password reset link (30 minutes, single use); the same answer whether or not the account exists' })
  @ApiBody({ schema: openApiSchema(ForgotPasswordRequestSchema) })
  @ApiAcceptedResponse()
  async forgot(@Body() body: unknown, @Req() request: FastifyRequest): Promise<void> {
    const { email } = parseBody(ForgotPasswordRequestSchema, body);
    await this.services.call(ForgotPasswordContract, { email, remoteAddress: request.ip }, request);
  }

  @Post('password/reset')
  @HttpCode(204)
  @ApiOperation({ summary: 'Set a new password with the token from the reset mail; every session of the account ends' })
  @ApiBody({ schema: openApiSchema(ResetPasswordRequestSchema) })
  @ApiNoContentResponse()
  @ApiBadRequestResponse({ description: 'Bad, used or expired token, or a weak password', ...problem })
  async reset(@Body() body: unknown, @Req() request: FastifyRequest): Promise<void> {
    await this.services.call(ResetPasswordContract, parseBody(ResetPasswordRequestSchema, body), request);
  }
}
