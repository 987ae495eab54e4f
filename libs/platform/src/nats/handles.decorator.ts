import { randomUUID } from 'node:crypto';
import { Logger as NestLogger } from '@nestjs/common';
import { Ctx, MessagePattern, Payload, RpcException, type NatsContext } from '@nestjs/microservices';
import {
  ErrorCode,
  Headers,
  ServiceError,
  hasInternalTwin,
  internalSubject,
  type ReplyOf,
  type RequestContract,
} from '@tasksensei/contracts';
import type { z } from 'zod';
import { identitySlot } from '../identity/identity-slot.js';
import { InvalidAssertionError } from '../identity/user-assertion.js';
import { MissingCallerError, runWithContext, type RequestContext } from '../logging/request-context.js';
import { isDependencyUnavailable } from './dependency-errors.js';
import { handlerObserver } from './handler-observer.js';

/** A handler receives the validated request and the caller's context (verified `userSub`). */
export type ContractHandler<C extends RequestContract> = (
  request: z.output<C['request']>,
  context: RequestContext,
) => Promise<ReplyOf<C>> | ReplyOf<C>;

const fallbackLogger = new NestLogger('Handles');

type NatsHeaders = ReturnType<NatsContext['getHeaders']>;

/**
 * Who the request acts for. On the public subject (only the gateway may publish there): the user
 * of the gateway's signed assertion, verified for this service; a bare `x-user-sub` proves nothing
 * and is ignored. On the internal twin (only the services InternalCalls names may publish there):
 * the user the calling service names, since NATS itself vouches for who published.
 */
async function contextOf(natsContext: NatsContext | undefined, internal: string | undefined): Promise<RequestContext> {
  const headers: NatsHeaders | undefined = natsContext?.getHeaders();
  const requestId = headers?.get(Headers.requestId) || randomUUID();
  if (internal !== undefined && natsContext?.getSubject() === internal) {
    const onBehalfOf = headers?.get(Headers.onBehalfOf);
    return { requestId, ...(onBehalfOf ? { userSub: onBehalfOf } : {}) };
  }
  const assertion = headers?.get(Headers.userAssertion);
  if (!assertion) return { requestId };
  if (!identitySlot.verifier) throw new InvalidAssertionError('this process verifies no user assertions');
  const user = await identitySlot.verifier.verify(assertion);
  return { requestId, userSub: user.sub, ...(user.sid ? { sessionId: user.sid } : {}) };
}

/**
 * Binds a method to a contract's subject (and to its internal twin when InternalCalls names
 * one). The caller is proven before the method runs, the request validated, and the reply
 * validated before it leaves; errors leave as `{code, message}` bodies, never internals.
 */
export function Handles<C extends RequestContract>(contract: C) {
  return <T extends ContractHandler<C>>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<T>) => {
    const original = descriptor.value!;
    const internal = hasInternalTwin(contract.subject) ? internalSubject(contract.subject) : undefined;
    const wrapped = async function (this: unknown, payload: unknown, natsContext?: NatsContext) {
      const started = performance.now();
      let context: RequestContext;
      try {
        context = await contextOf(natsContext, internal);
      } catch (error) {
        if (!(error instanceof InvalidAssertionError)) throw error;
        handlerObserver.logger?.warn(
          { subject: contract.subject, reason: error.message },
          'request with an invalid user assertion refused',
        );
        handlerObserver.metrics?.natsHandled.observe(
          { subject: contract.subject, outcome: ErrorCode.Unauthenticated },
          (performance.now() - started) / 1000,
        );
        throw new RpcException(new ServiceError('UNAUTHENTICATED', 'the user assertion is not valid').toBody());
      }
      return runWithContext(context, async () => {
        let outcome: string = 'ok';
        try {
          const request = contract.request.safeParse(payload ?? {});
          if (!request.success) throw ServiceError.fromZod(request.error);
          const result = await original.call(this, request.data as z.output<C['request']>, context);
          const reply = contract.reply.safeParse(result);
          if (!reply.success) {
            throw new Error(`reply on ${contract.subject} does not match its contract: ${reply.error.message}`);
          }
          return reply.data;
        } catch (error) {
          if (error instanceof MissingCallerError) {
            outcome = ErrorCode.Unauthenticated;
            throw new RpcException(new ServiceError('UNAUTHENTICATED', error.message).toBody());
          }
          if (error instanceof ServiceError) {
            outcome = error.code;
            throw new RpcException(error.toBody());
          }
          if (isDependencyUnavailable(error)) {
            // A store that is away (restarting, failing over) is a 503 the caller may retry, not a 500.
            outcome = ErrorCode.Unavailable;
            handlerObserver.logger?.warn({ err: error, subject: contract.subject }, 'a dependency is unavailable');
            throw new RpcException(new ServiceError('SERVICE_UNAVAILABLE', 'a dependency is unavailable; try again').toBody());
          }
          outcome = ErrorCode.Internal;
          handlerObserver.logger?.error({ err: error, subject: contract.subject }, 'handler failed') ?? fallbackLogger.error(error);
          throw new RpcException(new ServiceError('INTERNAL', 'internal error').toBody());
        } finally {
          const seconds = (performance.now() - started) / 1000;
          handlerObserver.metrics?.natsHandled.observe({ subject: contract.subject, outcome }, seconds);
          handlerObserver.logger?.debug({ subject: contract.subject, outcome, ms: Math.round(seconds * 1e5) / 100 }, 'handled');
        }
      });
    };
    descriptor.value = wrapped as unknown as T;
    MessagePattern(internal ? [contract.subject, internal] : contract.subject)(target, key, descriptor);
    // Without explicit parameter metadata Nest passes only the payload; the wrapper also needs
    // the NATS context for the headers (request id, user assertion).
    Payload()(target, key, 0);
    Ctx()(target, key, 1);
  };
}
