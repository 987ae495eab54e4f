import { Inject, Injectable } from '@nestjs/common';
import type { ReplyOf, RequestContract, RequestOf } from '@tasksensei/contracts';
import { NatsRequester } from '@tasksensei/platform';
import type { FastifyRequest } from 'fastify';
import type {} from '../auth/auth.guard.js';

/** The gateway's one way to reach a service: a contract request carrying the HTTP request id. */
@Injectable()
export class ServiceClient {
  constructor(@Inject(NatsRequester) private readonly requester: NatsRequester) {}

  call<C extends RequestContract>(contract: C, data: RequestOf<C>, request: FastifyRequest, timeoutMs?: number): Promise<ReplyOf<C>> {
    return this.requester.request(contract, data, {
      requestId: request.id,
      // Only ever the verified caller: no service trusts a user id from a request body.
      ...(request.caller ? { userSub: request.caller.sub, ...(request.caller.sid ? { sessionId: request.caller.sid } : {}) } : {}),
      ...(timeoutMs ? { timeoutMs } : {}),
    });
  }
}
