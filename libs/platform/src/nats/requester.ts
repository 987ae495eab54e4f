import { randomUUID } from 'node:crypto';
import { errors, headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import {
  Headers,
  ServiceError,
  ServiceErrorSchema,
  type ReplyOf,
  type RequestContract,
  type RequestOf,
  hasInternalTwin,
  internalSubject,
  serviceOfSubject,
} from '@tasksensei/contracts';
import type { Logger } from 'pino';
import type { UserAssertionSigner } from '../identity/user-assertion.js';
import { currentContext } from '../logging/request-context.js';
import type { Metrics } from '../metrics/metrics.js';
import { ReplyPacketSchema, type RequestPacket } from './wire.js';

export interface RequestOptions {
  readonly timeoutMs?: number;
  /**
   * The user this request acts for. From the gateway (a requester with a signer) it travels as a
   * signed assertion; from a service it names the user on the subject's internal twin, which only
   * the callers InternalCalls lists may publish. Services take the user from there, never a body.
   */
  readonly userSub?: string;
  /** The user's session, signed into the assertion with the user. */
  readonly sessionId?: string;
  readonly requestId?: string;
}

/**
 * Typed request/reply over NATS. Both the outgoing request and the reply are validated
 * against the contract; transport failures become `ServiceError`s with codes the gateway maps.
 */
export class NatsRequester {
  constructor(
    private readonly nc: NatsConnection,
    private readonly defaultTimeoutMs: number,
    private readonly metrics?: Metrics,
    private readonly logger?: Logger,
    /** The gateway's: proves the user to the service with a signed assertion. */
    private readonly signer?: UserAssertionSigner,
  ) {}

  async request<C extends RequestContract>(contract: C, data: RequestOf<C>, options: RequestOptions = {}): Promise<ReplyOf<C>> {
    const parsed = contract.request.safeParse(data);
    if (!parsed.success) throw ServiceError.fromZod(parsed.error);

    const context = currentContext();
    const h = natsHeaders();
    h.set(Headers.requestId, options.requestId ?? context?.requestId ?? randomUUID());
    const userSub = options.userSub ?? context?.userSub;
    const sessionId = options.userSub ? options.sessionId : (options.sessionId ?? context?.sessionId);
    let subject = contract.subject;
    const started = performance.now();
    let outcome = 'ok';
    try {
      if (this.signer) {
        if (userSub) {
          const user = { sub: userSub, ...(sessionId ? { sid: sessionId } : {}) };
          h.set(Headers.userAssertion, await this.signer.sign(user, serviceOfSubject(contract.subject)));
        }
      } else if (hasInternalTwin(contract.subject)) {
        subject = internalSubject(contract.subject);
        if (userSub) h.set(Headers.onBehalfOf, userSub);
      }
      const packet: RequestPacket = { pattern: subject, data: parsed.data, id: randomUUID() };
      const msg = await this.nc.request(subject, JSON.stringify(packet), {
        timeout: options.timeoutMs ?? this.defaultTimeoutMs,
        headers: h,
      });
      const reply = ReplyPacketSchema.safeParse(msg.json());
      if (!reply.success) throw new ServiceError('INTERNAL', `malformed reply on ${contract.subject}`);
      if (reply.data.err !== undefined && reply.data.err !== null) {
        const body = ServiceErrorSchema.safeParse(reply.data.err);
        throw body.success ? ServiceError.fromBody(body.data) : new ServiceError('INTERNAL', `unexpected error from ${contract.subject}`);
      }
      const result = contract.reply.safeParse(reply.data.response);
      if (!result.success) {
        this.logger?.error({ subject: contract.subject, issues: result.error.issues }, 'reply does not match its contract');
        throw new ServiceError('INTERNAL', `reply on ${contract.subject} does not match its contract`);
      }
      return result.data as ReplyOf<C>;
    } catch (error) {
      const mapped = mapTransportError(error, contract.subject);
      outcome = mapped.code;
      throw mapped;
    } finally {
      this.metrics?.natsRequests.observe({ subject: contract.subject, outcome }, (performance.now() - started) / 1000);
    }
  }
}

function mapTransportError(error: unknown, subject: string): ServiceError {
  if (error instanceof ServiceError) return error;
  if (error instanceof errors.TimeoutError) {
    return new ServiceError('SERVICE_TIMEOUT', `${serviceOf(subject)} did not answer in time`);
  }
  if (error instanceof errors.NoRespondersError || (error instanceof errors.RequestError && error.isNoResponders())) {
    return new ServiceError('SERVICE_UNAVAILABLE', `${serviceOf(subject)} is not available`);
  }
  if (
    error instanceof errors.PermissionViolationError ||
    (error instanceof Error && error.cause instanceof errors.PermissionViolationError)
  ) {
    return new ServiceError('FORBIDDEN', `not permitted to call ${subject}`);
  }
  if (error instanceof errors.ClosedConnectionError || error instanceof errors.DrainingConnectionError) {
    return new ServiceError('SERVICE_UNAVAILABLE', 'the message bus is not connected');
  }
  return new ServiceError('INTERNAL', `request on ${subject} failed`);
}

const serviceOf = (subject: string) => subject.split('.')[0] ?? subject;
