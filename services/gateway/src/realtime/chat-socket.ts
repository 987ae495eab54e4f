import type { Server as HttpServer } from 'node:http';
import {
  ChatEventNotification,
  ErrorCode,
  GetProfileContract,
  MembershipUpdatedNotification,
  SendMessageContract,
  SendMessageSchema,
  ServiceError,
  zodIssues,
} from '@tasksensei/contracts';
import type { Logger, Metrics, NatsConnection, NatsRequester } from '@tasksensei/platform';
import { Gauge } from '@tasksensei/platform';
import { Server, type Socket } from 'socket.io';
import type { TokenVerifier, VerifiedCaller } from '../auth/token-verifier.js';
import { TokenBucket } from './rate-limiter.js';
import { UserSubscriptions } from './user-subscriptions.js';

export interface ChatSocketOptions {
  readonly messagesPerBurst: number;
  readonly messagesPerSecond: number;
  readonly corsOrigin: string;
}

interface SocketData {
  caller: VerifiedCaller;
  bucket: TokenBucket;
}

const room = (userId: string) => `user:${userId}`;

/**
 * socket.io namespace `/chat` (API.md): the handshake token is verified like an HTTP bearer
 * token; each socket joins its user's room; `sendMessage` is validated, rate limited and sent
 * to the chat service with the verified user; replies stream back over per-user NATS subjects.
 */
export function attachChatSocket(
  httpServer: HttpServer,
  deps: { verifier: TokenVerifier; requester: NatsRequester; nc: NatsConnection; logger: Logger; metrics: Metrics },
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
  const chat = io.of('/chat');
  const connected = new Gauge({ name: 'tasksensei_chat_sockets', help: 'Open /chat sockets on this gateway', registers: [deps.metrics.registry] });

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
        chat.to(room(userId)).emit('membership.updated', { tier: update.data.tier, status: update.data.status, ...(update.data.currentPeriodEnd ? { currentPeriodEnd: update.data.currentPeriodEnd } : {}) });
      }
      return;
    }
    const event = ChatEventNotification.data.safeParse(json);
    // The user id inside must match the subject's user: a misrouted event never leaks.
    if (!event.success || event.data.userId !== userId) {
      deps.logger.warn({ subject }, 'dropped a chat event that does not match its contract or user');
      return;
    }
    chat.to(room(userId)).emit(event.data.event, event.data.data);
  }

  chat.use((socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    if (typeof token !== 'string' || token.length > 8_192) return next(new Error('unauthorized'));
    deps.verifier.verify(token).then(
      (caller) => {
        (socket.data as SocketData).caller = caller;
        (socket.data as SocketData).bucket = new TokenBucket(options.messagesPerBurst, options.messagesPerSecond);
        next();
      },
      () => next(new Error('unauthorized')),
    );
  });

  chat.on('connection', (socket: Socket) => {
    const { caller, bucket } = socket.data as SocketData;
    void socket.join(room(caller.sub));
    subscriptions.add(caller.sub);
    connected.inc();
    // An access token expires; the socket does not outlive it (the client reconnects with a new one).
    const expiresIn = caller.expiresAt ? caller.expiresAt * 1000 - Date.now() : 0;
    const expiry = expiresIn > 0 ? setTimeout(() => socket.disconnect(true), Math.min(expiresIn, 2_147_000_000)) : undefined;

    socket.on('sendMessage', (raw: unknown, ack?: unknown) => {
      const reply = typeof ack === 'function' ? (ack as (response: unknown) => void) : () => undefined;
      const fail = (code: string, message: string, extra: Record<string, unknown> = {}) => {
        const error = { code, message, ...extra };
        socket.emit('message.error', error);
        reply({ error });
      };
      const wait = bucket.take();
      if (wait > 0) return fail('rate_limited', `Too many messages; try again in ${wait} s.`, { retryAfterSeconds: wait });
      const parsed = SendMessageSchema.safeParse(raw);
      if (!parsed.success) return fail('invalid_message', 'The message is not valid.', { errors: zodIssues(parsed.error) });
      deps.requester.request(SendMessageContract, parsed.data, { userSub: caller.sub, ...(caller.sid ? { sessionId: caller.sid } : {}) }).then(
        (accepted) => reply({ conversationId: accepted.conversationId, messageId: accepted.messageId }),
        (error: unknown) => {
          const known = error instanceof ServiceError ? error : new ServiceError(ErrorCode.Internal, 'internal error');
          fail(socketCode(known), known.code === ErrorCode.Internal ? 'Something went wrong.' : known.message, {
            ...(parsed.data.conversationId ? { conversationId: parsed.data.conversationId } : {}),
          });
        },
      );
    });

    if ((socket.handshake.auth as { resume?: unknown } | undefined)?.resume === true) sendMembershipSnapshot(socket, caller.sub);

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

/** Service error codes as the socket's `message.error` codes. */
function socketCode(error: ServiceError): string {
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
