import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ErrorCode,
  ExchangeCodeContract,
  ExchangeCodeRequestSchema,
  RefreshContract,
  RevokeContract,
  ServiceError,
  SignupContract,
  SignupRequestSchema,
  TokenSetSchema,
  type TokenSet,
} from '@tasksensei/contracts';
import { ENV } from '@tasksensei/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { GatewayEnv } from '../config/gateway.env.js';
import { AuthGuard } from '../auth/auth.guard.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { openApiSchema } from '../openapi/zod-openapi.js';
import { ServiceClient } from '../services/service-client.js';
import { parseBody } from '../validation/parse-body.js';
import { clearRefreshCookie, readRefreshCookie, setRefreshCookie } from './refresh-cookie.js';

const PublicTokenSetSchema = TokenSetSchema.omit({ refresh_token: true });
const RefreshBodySchema = z.object({ refresh_token: z.string().min(1).max(4_096).optional() }).strict();
const REFRESH_COOKIE_MAX_AGE = 30 * 86_400;

/** Sign-up and the backend-for-frontend of the PKCE flow; refresh tokens never reach page script. */
@ApiTags('auth')
@Controller()
export class SessionController {
  private readonly secure: boolean;

  constructor(
    @Inject(ServiceClient) private readonly services: ServiceClient,
    @Inject(ENV) env: GatewayEnv,
  ) {
    this.secure = env.PUBLIC_URL.startsWith('https:');
  }

  @Post('signup')
  @HttpCode(201)
  @ApiOperation({ summary: 'Create an account with the built-in identity provider' })
  @ApiBody({ schema: openApiSchema(SignupRequestSchema) })
  @ApiCreatedResponse({ schema: openApiSchema(SignupContract.reply) })
  signup(@Body() body: unknown, @Req() request: FastifyRequest) {
    return this.services.call(SignupContract, parseBody(SignupRequestSchema, body), request);
  }

  @Post('auth')
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange an authorization code (PKCE) for tokens; the refresh token is set as a cookie' })
  @ApiBody({ schema: openApiSchema(ExchangeCodeRequestSchema) })
  @ApiOkResponse({ schema: openApiSchema(PublicTokenSetSchema) })
  async exchange(@Body() body: unknown, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const tokens = await this.services.call(ExchangeCodeContract, parseBody(ExchangeCodeRequestSchema, body), request);
    return this.respond(tokens, reply);
  }

  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Rotate the refresh token (cookie, or body for non-browser clients); a reused token revokes its family' })
  @ApiOkResponse({ schema: openApiSchema(PublicTokenSetSchema) })
  async refresh(@Body() body: unknown, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const token = this.refreshTokenOf(body, request);
    if (!token) throw new ServiceError('REFRESH_TOKEN_REQUIRED', 'No refresh token.');
    try {
      return this.respond(await this.services.call(RefreshContract, { refresh_token: token }, request), reply);
    } catch (error) {
      if (error instanceof ServiceError && error.code === ErrorCode.Unauthenticated) clearRefreshCookie(reply, this.secure);
      throw error;
    }
  }

  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke the refresh token and clear its cookie' })
  @ApiNoContentResponse()
  async logout(@Body() body: unknown, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    const token = this.refreshTokenOf(body, request);
    clearRefreshCookie(reply, this.secure);
    if (token) await this.services.call(RevokeContract, { refresh_token: token }, request);
  }

  @Get('me')
  @UseGuards(AuthGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Who the access token belongs to' })
  @ApiOkResponse({ schema: openApiSchema(z.object({ userId: z.string() })) })
  me(@CurrentUser() userId: string) {
    return { userId };
  }

  private refreshTokenOf(body: unknown, request: FastifyRequest): string | undefined {
    const fromBody = body === undefined || body === null ? undefined : parseBody(RefreshBodySchema, body).refresh_token;
    return fromBody ?? readRefreshCookie(request, this.secure);
  }

  private respond(tokens: TokenSet, reply: FastifyReply) {
    const { refresh_token: refreshToken, ...rest } = tokens;
    if (refreshToken) setRefreshCookie(reply, refreshToken, this.secure, REFRESH_COOKIE_MAX_AGE);
    void reply.header('Cache-Control', 'no-store');
    return rest;
  }
}
