import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ServiceError } from '@tasksensei/contracts';
import type { FastifyRequest } from 'fastify';
import { TokenVerifier, type VerifiedCaller } from './token-verifier.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by AuthGuard from a verified access token; services get `sub` in NATS headers. */
    caller?: VerifiedCaller;
  }
}

const BEARER = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/;

/** `Authorization: Bearer <access token>` or 401 problem+json. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(@Inject(TokenVerifier) private readonly verifier: TokenVerifier) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    request.caller = await this.verifyHeader(request.headers.authorization);
    return true;
  }

  async verifyHeader(header: string | undefined): Promise<VerifiedCaller> {
    const match = header && header.length <= 8_192 ? BEARER.exec(header) : null;
    if (!match) throw new ServiceError('ACCESS_TOKEN_REQUIRED', 'A bearer access token is required.');
    return this.verifier.verify(match[1]!);
  }
}
