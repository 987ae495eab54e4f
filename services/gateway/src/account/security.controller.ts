import { Body, Delete, Get, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import {
  ChangeEmailContract,
  ChangeEmailRequestSchema,
  ChangePasswordContract,
  ChangePasswordRequestSchema,
  ListSessionsContract,
  MfaStatusContract,
  ResendVerificationContract,
  RevokeSessionContract,
  ServiceError,
  SessionIdSchema,
  TotpDisableContract,
  TotpDisableRequestSchema,
  TotpEnableContract,
  TotpEnableRequestSchema,
  TotpStartContract,
} from '@tasksensei/contracts';
import type { FastifyRequest } from 'fastify';
import { SignedInController, problem } from '../auth/signed-in-controller.js';
import { openApiSchema } from '../openapi/zod-openapi.js';
import { ServiceClient } from '../services/service-client.js';
import { parseBody } from '../validation/parse-body.js';

const currentSession = (request: FastifyRequest) => (request.caller?.sid ? { currentSessionId: request.caller.sid } : {});

/** API.md `/account/*` for the signed-in user: password, two-factor, sessions, email. */
@SignedInController('account', 'account')
export class SecurityController {
  constructor(@Inject(ServiceClient) private readonly services: ServiceClient) {}

  @Get('security')
  @ApiOperation({ summary: 'What the account page shows: email and whether it is verified, two-factor state, recovery codes left' })
  @ApiOkResponse({ schema: openApiSchema(MfaStatusContract.reply) })
  security(@Req() request: FastifyRequest) {
    return this.services.call(MfaStatusContract, {}, request);
  }

  @Post('password')
  @HttpCode(204)
  @ApiOperation({ summary: 'Change the password (the current one required); every other session ends' })
  @ApiBody({ schema: openApiSchema(ChangePasswordRequestSchema) })
  @ApiNoContentResponse()
  @ApiBadRequestResponse({ description: 'Wrong current password or a weak new one', ...problem })
  async changePassword(@Body() body: unknown, @Req() request: FastifyRequest): Promise<void> {
    await this.services.call(
      ChangePasswordContract,
      { ...parseBody(ChangePasswordRequestSchema, body), ...currentSession(request) },
      request,
    );
  }

  @Post('email')
  @HttpCode(202)
  @ApiOperation({ summary: 'Change the email: the new address gets a verification link, and the change applies when it is followed' })
  @ApiBody({ schema: openApiSchema(ChangeEmailRequestSchema) })
  async changeEmail(@Body() body: unknown, @Req() request: FastifyRequest): Promise<void> {
    await this.services.call(ChangeEmailContract, parseBody(ChangeEmailRequestSchema, body), request);
  }

  @Post('verify-email/resend')
  @HttpCode(202)
  @ApiOperation({ summary: 'Mail a new verification link for the current (unverified) address' })
  async resend(@Req() request: FastifyRequest): Promise<void> {
    await this.services.call(ResendVerificationContract, {}, request);
  }

  @Post('mfa/totp')
  @HttpCode(200)
  @ApiOperation({ summary: 'Start TOTP enrolment: a secret and its otpauth:// URL (show it as a QR code)' })
  @ApiOkResponse({ schema: openApiSchema(TotpStartContract.reply) })
  startTotp(@Req() request: FastifyRequest) {
    return this.services.call(TotpStartContract, {}, request);
  }

  @Post('mfa/totp/enable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Confirm enrolment with a current code; answers ten single-use recovery codes' })
  @ApiBody({ schema: openApiSchema(TotpEnableRequestSchema) })
  @ApiOkResponse({ schema: openApiSchema(TotpEnableContract.reply) })
  enableTotp(@Body() body: unknown, @Req() request: FastifyRequest) {
    return this.services.call(TotpEnableContract, parseBody(TotpEnableRequestSchema, body), request);
  }

  @Delete('mfa/totp')
  @HttpCode(204)
  @ApiOperation({ summary: 'Turn two-factor sign-in off with a current code (or a recovery code)' })
  @ApiBody({ schema: openApiSchema(TotpDisableRequestSchema) })
  @ApiNoContentResponse()
  async disableTotp(@Body() body: unknown, @Req() request: FastifyRequest): Promise<void> {
    await this.services.call(TotpDisableContract, parseBody(TotpDisableRequestSchema, body), request);
  }

  @Get('sessions')
  @ApiOperation({ summary: 'The devices signed in to this account; `current` is the one asking' })
  @ApiOkResponse({ schema: openApiSchema(ListSessionsContract.reply) })
  sessions(@Req() request: FastifyRequest) {
    return this.services.call(ListSessionsContract, currentSession(request), request);
  }

  @Delete('sessions/:sessionId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Sign that device out (its refresh token; its access tokens when revocation lands)' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'Not one of the caller’s sessions', ...problem })
  async revokeSession(@Param('sessionId') sessionId: string, @Req() request: FastifyRequest): Promise<void> {
    const parsed = SessionIdSchema.safeParse(sessionId);
    if (!parsed.success) throw new ServiceError('SESSION_NOT_FOUND', 'No such session.');
    await this.services.call(RevokeSessionContract, { sessionId: parsed.data }, request);
  }
}
