import type { Server as HttpServer } from 'node:http';
import {
  ChatEventNotification,
  ErrorCode,
  GetProfileContract,
  MembershipUpdatedNotification,
  RegenerateReplyContract,
  RegenerateReplySchema,
  ResumeReplyContract,
  ResumeReplySchema,
  SendMessageContract,
  SendMessageSchema,
  ServiceError,
  StopReplyContract,
  StopReplySchema,
  zodIssues,
  type ChatEvent,
} from '@tasksensei/contracts';
import { Gauge, type Logger, type Metrics, type NatsConnection, type NatsRequester } from '@tasksensei/platform';
import { Server, type Socket } from 'socket.io';
import type { z } from 'zod';
import type { RevocationList } from '../auth/revocation-list.js';
import type { TokenVerifier, VerifiedCaller } from '../auth/token-verifier.js';
import { answerFor } from '../problem/problem.js';
import { UserBuckets } from './rate-limiter.js';
import { SocketReplies } from './reply-resume.js';
import { UserSubscriptions } from './user-subscriptions.js';

export interface ChatSocketOptions {
  readonly messagesPerBurst: number;
  readonly messagesPerSecond: number;
  readonly corsOrigin: string;
}

interface SocketData {
  caller: VerifiedCaller;
  /** This user's send budget, shared with the user's other sockets in this process. */
  bucket: { take(): number };
  replies: SocketReplies;
}

const room = (userId: string) => `user:${userId}`;

/**
 * socket.io namespace `/chat` (API.md): the handshake token is verified like an HTTP bearer
 * token; each socket joins its user's room; `sendMessage` is validated, rate limited and sent
 * to the chat service with the verified user; replies stream back over per-user NATS subjects.
 */
export function attachChatSocket(
  httpServer: HttpServer,
  deps: {
    verifier: TokenVerifier;
    revocations: RevocationList;
    requester: NatsRequester;
    nc: NatsConnection;
    logger: Logger;
    metrics: Metrics;
  },
  options: ChatSocketOptions,
): Server {
  const io = new Server(httpServer, {
    path: '/socket.io',
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
    pingInterval: 20_000,
    pingTimeout: 20_000,
    cors: { origin: options.corsOrigin, credentials: false },
  });
  // Keyed by the verified sub: one send budget per user, however many sockets they open.
  const userBuckets = new UserBuckets(options.messagesPerBurst, options.messagesPerSecond);
  const chat = io.of('/chat');
  const connected = new Gauge({
    name: 'tasksensei_chat_sockets',
    help: 'Open /chat sockets on this gateway',
    registers: [deps.metrics.registry],
  });

  const subscriptions = new UserSubscriptions(
    deps.nc,
    (userId) => [ChatEventNotification.subjectFor(userId), MembershipUpdatedNotification.subjectFor(userId)],
    (userId, subject, payload) => relay(userId, subject, payload),
  );

  // Membership pushes relayed per user: a resume snapshot older than a live push is dropped.
  const membershipPushes = new Map<string, number>();

  function relay(userId: string, subject: string, payload: Uint8Array) {
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder().decode(payload));
    } catch {
      return;
    }
    if (subject.startsWith(`${MembershipUpdatedNotification.wildcard.slice(0, -1)}`)) {
      const update = MembershipUpdatedNotification.data.safeParse(json);
      if (update.success && update.data.userId === userId) {
        membershipPushes.set(userId, (membershipPushes.get(userId) ?? 0) + 1);
        chat.to(room(userId)).emit('membership.updated', {
          tier: update.data.tier,
          status: update.data.status,
          ...(update.data.currentPeriodEnd ? { currentPeriodEnd: update.data.currentPeriodEnd } : {}),
        });
      }
      return;
    }
    const event = ChatEventNotification.data.safeParse(json);
    // The user id inside must match the subject's user: a misrouted event never leaks.
    if (!event.success || event.data.userId !== userId) {
      deps.logger.warn({ subject }, 'dropped a chat event that does not match its contract or user');
      return;
    }
    // Socket by socket: each one may be resuming a reply (see SocketReplies).
    for (const id of chat.adapter.rooms.get(room(userId)) ?? []) {
      const socket = chat.sockets.get(id);
      if (socket) (socket.data as SocketData).replies.live(event.data, (e) => emitEvent(socket, e));
    }
  }

  function emitEvent(socket: Socket, event: ChatEvent) {
    socket.emit(event.event, event.data);
  }

  // A revoked session's sockets close at once (the client's reconnect is refused).
  deps.revocations.onRevoked(() => {
    for (const socket of chat.sockets.values()) {
      const caller = (socket.data as Partial<SocketData>).caller;
      if (caller && deps.revocations.isRevoked(caller)) socket.disconnect(true);
    }
  });

  chat.use((socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    if (typeof token !== 'string' || token.length > 8_192) return next(new Error('unauthorized'));
    deps.verifier.verify(token).then(
      (caller) => {
        (socket.data as SocketData).caller = caller;
        (socket.data as SocketData).bucket = { take: () => userBuckets.take(caller.sub) };
        (socket.data as SocketData).replies = new SocketReplies();
        next();
      },
      () => next(new Error('unauthorized')),
    );
  });

  chat.on('connection', (socket: Socket) => {
    const { caller, bucket, replies } = socket.data as SocketData;
    void socket.join(room(caller.sub));
    subscriptions.add(caller.sub);
    connected.inc();
    // An access token expires; the socket does not outlive it (the client reconnects with a new one).
    const expiresIn = caller.expiresAt ? caller.expiresAt * 1000 - Date.now() : 0;
    const expiry = expiresIn > 0 ? setTimeout(() => socket.disconnect(true), Math.min(expiresIn, 2_147_000_000)) : undefined;

    const asCaller = { userSub: caller.sub, ...(caller.sid ? { sessionId: caller.sid } : {}) };

    /** Answers a failure: `message.error` (unless `emit` is false) and the ack, both with one body. */
    const fail = (ack: Ack, error: unknown, context: Record<string, unknown> = {}, emit = true) => {
      if (!(error instanceof ServiceError)) deps.logger.error({ err: error, userId: caller.sub }, 'chat socket request failed');
      const body = socketError(error, context);
      if (emit) socket.emit('message.error', body);
      ack({ error: body });
    };
    /** Takes from the user's send budget; over it, answers RATE_LIMITED and says so. */
    const overBudget = (ack: Ack, context: Record<string, unknown> = {}): boolean => {
      const wait = bucket.take();
      if (wait > 0) fail(ack, new ServiceError('RATE_LIMITED', `Too many messages; try again in ${wait} s.`, undefined, wait), context);
      return wait > 0;
    };
    /** The validated input, or undefined once the refusal is answered. */
    const parse = <S extends z.ZodType>(schema: S, raw: unknown, ack: Ack): z.output<S> | undefined => {
      const parsed = schema.safeParse(raw);
      if (!parsed.success) fail(ack, new ServiceError('VALIDATION_FAILED', 'The message is not valid.', zodIssues(parsed.error)));
      return parsed.success ? parsed.data : undefined;
    };

    // Invalid messages spend the budget too: a client that floods garbage is limited like any other.
    socket.on('sendMessage', (raw: unknown, ack?: unknown) => {
      const reply = ackOf(ack);
      if (overBudget(reply)) return;
      const input = parse(SendMessageSchema, raw, reply);
      if (!input) return;
      deps.requester.request(SendMessageContract, input, asCaller).then(
        (accepted) => reply({ conversationId: accepted.conversationId, messageId: accepted.messageId }),
        (error: unknown) => fail(reply, error, input.conversationId ? { conversationId: input.conversationId } : {}),
      );
    });

    if ((socket.handshake.auth as { resume?: unknown } | undefined)?.resume === true) sendMembershipSnapshot(socket, caller.sub);

    // A new reply to the user message that `messageId` answered: acknowledged like sendMessage.
    socket.on('regenerate', (raw: unknown, ack?: unknown) => {
      const reply = ackOf(ack);
      if (overBudget(reply)) return;
      const input = parse(RegenerateReplySchema, raw, reply);
      if (!input) return;
      deps.requester.request(RegenerateReplyContract, input, asCaller).then(
        (accepted) => reply({ conversationId: accepted.conversationId, messageId: accepted.messageId }),
        (error: unknown) => fail(reply, error, { conversationId: input.conversationId, messageId: input.messageId }),
      );
    });

    // API.md `stopMessage`: the reply ends wherever it is written; its `message.completed` says stopped.
    socket.on('stopMessage', (raw: unknown, ack?: unknown) => {
      const reply = ackOf(ack);
      const input = parse(StopReplySchema, raw, reply);
      if (!input) return;
      deps.requester.request(StopReplyContract, input, asCaller).then(
        (result) => reply({ messageId: input.messageId, stopped: result.stopped }),
        // Only the ack: the reply itself may still be running and end normally.
        (error: unknown) => fail(reply, error, { messageId: input.messageId }, false),
      );
    });

    // API.md `resume`: the tokens after afterSeq this client missed (or the reply's end), then the live rest.
    socket.on('resume', (raw: unknown, ack?: unknown) => {
      const reply = ackOf(ack);
      const input = parse(ResumeReplySchema, raw, reply);
      if (!input) return;
      const { messageId, afterSeq } = input;
      if (overBudget(reply, { messageId })) return;
      replies.begin(messageId, afterSeq);
      deps.requester.request(ResumeReplyContract, input, asCaller).then(
        (result) => {
          replies.finish(messageId, result.events, (e) => emitEvent(socket, e));
          if (!result.found)
            socket.emit(
              'message.error',
              socketError(
                new ServiceError('REPLY_NOT_FOUND', 'That reply is no longer live; its conversation history has it if it finished.'),
                { messageId },
              ),
            );
          reply({ messageId, found: result.found });
        },
        (error: unknown) => {
          replies.finish(messageId, [], (e) => emitEvent(socket, e));
          fail(reply, error, { messageId });
        },
      );
    });

    socket.on('disconnect', () => {
      clearTimeout(expiry);
      subscriptions.remove(caller.sub);
      if (!chat.adapter.rooms.get(room(caller.sub))?.size) membershipPushes.delete(caller.sub);
      connected.dec();
    });
  });

  /**
   * A client that reconnects (to this replica or another) with `resume: true` may have missed a
   * `membership.updated` pushed while it had no socket: it gets the current membership, unless a
   * live push has reached it meanwhile (that one is newer).
   */
  function sendMembershipSnapshot(socket: Socket, userId: string) {
    const pushesBefore = membershipPushes.get(userId) ?? 0;
    deps.requester.request(GetProfileContract, {}, { userSub: userId }).then(
      (profile) => {
        if ((membershipPushes.get(userId) ?? 0) !== pushesBefore || !socket.connected) return;
        const { tier, status, currentPeriodEnd } = profile.membership;
        socket.emit('membership.updated', { tier, status, ...(currentPeriodEnd ? { currentPeriodEnd } : {}) });
      },
      (error: unknown) => deps.logger.debug({ err: error }, 'no membership snapshot on resume'),
    );
  }

  return io;
}

type Ack = (response: unknown) => void;

const ackOf = (ack: unknown): Ack => (typeof ack === 'function' ? (ack as Ack) : () => undefined);

/**
 * A failure as the body of `message.error` and of the ack: API.md's `code` and `message`, plus
 * the reason, detail and Retry-After seconds that HTTP would answer the same error with.
 */
function socketError(error: unknown, context: Record<string, unknown>): Record<string, unknown> {
  const known = error instanceof ServiceError ? error : new ServiceError('INTERNAL', 'internal error');
  const { problem, headers } = answerFor(known);
  return {
    code: socketCode(known),
    reason: problem.reason,
    message: problem.detail,
    ...(headers['Retry-After'] ? { retryAfterSeconds: Number(headers['Retry-After']) } : {}),
    ...(problem.errors ? { errors: problem.errors } : {}),
    ...context,
  };
}

/** Service errors as the socket's `message.error` codes (names clients already know). */
function socketCode(error: ServiceError): string {
  // The gateway's own per-user send budget, told apart from a plan's limit (MESSAGE_LIMIT_REACHED).
  if (error.reason === 'RATE_LIMITED') return 'rate_limited';
  switch (error.code) {
    case ErrorCode.RateLimited:
      return 'limit_exceeded';
    case ErrorCode.Forbidden:
      return 'not_allowed';
    case ErrorCode.NotFound:
      return 'not_found';
    case ErrorCode.ValidationFailed:
      return 'invalid_message';
    case ErrorCode.Timeout:
    case ErrorCode.Unavailable:
      return 'unavailable';
    default:
      return 'internal';
  }
}
