import { io, type Socket } from 'socket.io-client';
import type { ChatEventData, MembershipUpdate, SendMessage, SendMessageAck } from '../api/types.js';
import type { Session } from '../auth/session.js';

export interface ServerEvents {
  'message.token': (data: ChatEventData<'message.token'>) => void;
  'automation.triggered': (data: ChatEventData<'automation.triggered'>) => void;
  'message.completed': (data: ChatEventData<'message.completed'>) => void;
  'message.error': (data: {
    code: string;
    message: string;
    conversationId?: string;
    messageId?: string;
    retryAfterSeconds?: number;
  }) => void;
  'membership.updated': (data: MembershipUpdate) => void;
  'reminder.due': (data: ChatEventData<'reminder.due'>) => void;
  'file.indexed': (data: ChatEventData<'file.indexed'>) => void;
  'file.indexing': (data: ChatEventData<'file.indexing'>) => void;
}

type SendAck = SendMessageAck | { error: { code: string; message: string; retryAfterSeconds?: number } };

type Failure = { error: { code: string; message: string } };

interface ClientEvents {
  sendMessage: (message: SendMessage, ack: (response: SendAck) => void) => void;
  regenerate: (request: { conversationId: string; messageId: string; clientMessageId: string }, ack: (response: SendAck) => void) => void;
  stopMessage: (request: { messageId: string }, ack: (response: { messageId: string; stopped: boolean } | Failure) => void) => void;
  resume: (
    request: { messageId: string; afterSeq: number },
    ack: (response: { messageId: string; found: boolean } | Failure) => void,
  ) => void;
}

export type Connection = 'connecting' | 'online' | 'reconnecting' | 'offline';

const ACK_TIMEOUT_MS = 15_000;

/**
 * The `/chat` socket: WebSocket only (no long-polling, so several gateway replicas need no
 * sticky sessions), the current access token at every (re)connect. The gateway closes a socket
 * when its token expires or refuses an expired one; either way this gets a fresh token and
 * connects again, with a growing pause.
 */
export class ChatSocket {
  private readonly socket: Socket<ServerEvents, ClientEvents>;
  private state: Connection = 'offline';
  private readonly stateListeners = new Set<(state: Connection) => void>();
  private readonly reconnectListeners = new Set<() => void>();
  private everConnected = false;
  private retries = 0;
  private retryTimer: number | undefined;
  private lastToken: string | undefined;

  constructor(private readonly session: Session) {
    this.socket = io(`${window.location.origin}/chat`, {
      path: '/socket.io',
      transports: ['websocket'],
      autoConnect: false,
      reconnectionDelay: 1_000,
      reconnectionDelayMax: 15_000,
      auth: (cb) => {
        session.accessToken().then(
          (token) => {
            this.lastToken = token;
            // On a reconnect (to this gateway or another) ask for what may have been missed meanwhile.
            cb(token ? { token, ...(this.everConnected ? { resume: true } : {}) } : {});
          },
          () => cb({}),
        );
      },
    });
    this.socket.on('connect', () => {
      this.retries = 0;
      this.setState('online');
      if (this.everConnected) for (const listener of this.reconnectListeners) listener();
      this.everConnected = true;
    });
    this.socket.on('disconnect', (reason) => {
      if (reason === 'io client disconnect') return this.setState('offline');
      this.setState('reconnecting');
      // The server closed it (token expiry): socket.io leaves reconnecting to us.
      if (reason === 'io server disconnect') this.retry(true);
    });
    this.socket.on('connect_error', (error) => {
      this.setState(this.everConnected ? 'reconnecting' : 'connecting');
      // A refusal by the server's middleware (`unauthorized`) is not retried by socket.io.
      if (!this.socket.active) this.retry(error.message === 'unauthorized');
    });
  }

  get connection(): Connection {
    return this.state;
  }

  connect(): void {
    if (this.socket.connected || this.socket.active) return;
    this.setState('connecting');
    this.socket.connect();
  }

  disconnect(): void {
    window.clearTimeout(this.retryTimer);
    this.everConnected = false;
    this.socket.disconnect();
  }

  on<E extends keyof ServerEvents>(event: E, listener: ServerEvents[E]): () => void {
    // socket.io's typed emitter needs the cast for a generic event name.
    const socket = this.socket as unknown as { on(e: string, l: unknown): void; off(e: string, l: unknown): void };
    socket.on(event, listener);
    return () => socket.off(event, listener);
  }

  onConnection(listener: (state: Connection) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Called after a reconnect: callers reload what they show and resume replies that were streaming. */
  onReconnect(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }

  send(message: SendMessage): Promise<SendAck> {
    return new Promise((resolve) => {
      this.socket.timeout(ACK_TIMEOUT_MS).emit('sendMessage', message, (error: Error | null, response: SendAck) => {
        resolve(
          error
            ? { error: { code: 'timeout', message: 'The assistant did not confirm your message. Check your connection and try again.' } }
            : response,
        );
      });
    });
  }

  /** A new reply to the message that `messageId` answered (acknowledged like a message). */
  regenerate(request: { conversationId: string; messageId: string; clientMessageId: string }): Promise<SendAck> {
    return new Promise((resolve) => {
      this.socket.timeout(ACK_TIMEOUT_MS).emit('regenerate', request, (error: Error | null, response: SendAck) => {
        resolve(
          error ? { error: { code: 'timeout', message: 'The assistant did not confirm. Check your connection and try again.' } } : response,
        );
      });
    });
  }

  /** Ends a reply now; its `message.completed` comes with `stopped: true`. */
  stop(messageId: string): Promise<boolean> {
    return new Promise((resolve) => {
      this.socket
        .timeout(ACK_TIMEOUT_MS)
        .emit('stopMessage', { messageId }, (error: Error | null, response: { messageId: string; stopped: boolean } | Failure) => {
          resolve(!error && 'stopped' in response && response.stopped);
        });
    });
  }

  /** After a reconnect: the tokens of a reply after `afterSeq`, then the live rest (or its end). */
  resume(messageId: string, afterSeq: number): Promise<boolean> {
    return new Promise((resolve) => {
      this.socket
        .timeout(ACK_TIMEOUT_MS)
        .emit('resume', { messageId, afterSeq }, (error: Error | null, response: { messageId: string; found: boolean } | Failure) => {
          resolve(!error && 'found' in response && response.found);
        });
    });
  }

  private retry(renewToken: boolean): void {
    window.clearTimeout(this.retryTimer);
    const delay = Math.min(1_000 * 2 ** this.retries, 15_000);
    this.retries += 1;
    this.retryTimer = window.setTimeout(() => {
      const renewed = renewToken ? this.session.refresh(this.lastToken) : Promise.resolve(undefined);
      renewed.then(
        () => {
          if (this.session.current === 'signed-in' && !this.socket.connected) this.socket.connect();
        },
        () => this.retry(false),
      );
    }, delay);
  }

  private setState(state: Connection): void {
    if (state === this.state) return;
    this.state = state;
    for (const listener of this.stateListeners) listener(state);
  }
}
