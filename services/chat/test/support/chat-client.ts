import { randomUUID } from 'node:crypto';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import {
  ChatEventNotification,
  SendMessageContract,
  type ChatEvent,
  type ReplyOf,
  type RequestContract,
  type RequestOf,
  type SendMessageAck,
} from '@tasksensei/contracts';
import type { NatsRequester } from '@tasksensei/platform';
import { connectAs, gatewayRequester } from '../../../../test/support/nats.js';
import type { TestStack } from '../../../../test/support/test-stack.js';

export type Terminal = Extract<ChatEvent, { event: 'message.completed' | 'message.error' }>;

export interface Reply {
  readonly ack: SendMessageAck;
  /** Every event of this reply, in arrival order, up to and including the terminal one. */
  readonly events: ChatEvent[];
  readonly terminal: Terminal;
  readonly text: string;
}

/**
 * Talks to the chat service as the gateway does, with the gateway's NATS credentials: requests
 * with a signed user assertion, and the user's event stream on core NATS.
 */
export class ChatClient {
  private readonly logs = new Map<string, { events: ChatEvent[]; subscription: Subscription }>();

  private constructor(
    readonly nc: NatsConnection,
    readonly requester: NatsRequester,
  ) {}

  static async connect(stack?: Pick<TestStack, 'natsUrl' | 'natsSeedFiles' | 'assertionSigningKeyFile'>): Promise<ChatClient> {
    const nc = await connectAs('gateway', stack, 'chat-e2e');
    return new ChatClient(nc, await gatewayRequester(nc, 15_000, stack));
  }

  request<C extends RequestContract>(contract: C, data: RequestOf<C>, userId: string): Promise<ReplyOf<C>> {
    return this.requester.request(contract, data, { userSub: userId });
  }

  /** Starts recording a user's events (before sending, so nothing is missed). */
  async listen(userId: string): Promise<ChatEvent[]> {
    const existing = this.logs.get(userId);
    if (existing) return existing.events;
    const events: ChatEvent[] = [];
    const subscription = this.nc.subscribe(ChatEventNotification.subjectFor(userId), {
      callback: (_error, msg) => events.push(ChatEventNotification.data.parse(msg.json())),
    });
    this.logs.set(userId, { events, subscription });
    await this.nc.flush();
    return events;
  }

  send(userId: string, text: string, options: { conversationId?: string; clientMessageId?: string } = {}): Promise<SendMessageAck> {
    return this.request(
      SendMessageContract,
      {
        text,
        clientMessageId: options.clientMessageId ?? randomUUID(),
        ...(options.conversationId ? { conversationId: options.conversationId } : {}),
      },
      userId,
    );
  }

  /** Sends and waits for the reply's terminal event. */
  async chat(
    userId: string,
    text: string,
    options: { conversationId?: string; clientMessageId?: string; timeoutMs?: number } = {},
  ): Promise<Reply> {
    const log = await this.listen(userId);
    const ack = await this.send(userId, text, options);
    const terminal = await this.waitFor(
      userId,
      (e): e is Terminal => (e.event === 'message.completed' || e.event === 'message.error') && e.data.messageId === ack.messageId,
      options.timeoutMs,
    );
    const events = log.filter((e) => 'messageId' in e.data && e.data.messageId === ack.messageId);
    return { ack, events, terminal, text: terminal.event === 'message.completed' ? terminal.data.text : '' };
  }

  async waitFor<E extends ChatEvent>(userId: string, match: (event: ChatEvent) => event is E, timeoutMs = 20_000): Promise<E> {
    const log = await this.listen(userId);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = log.find(match);
      if (found) return found;
      if (Date.now() > deadline)
        throw new Error(`no matching event for ${userId} within ${timeoutMs} ms; got ${JSON.stringify(log.map((e) => e.event))}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async close(): Promise<void> {
    for (const { subscription } of this.logs.values()) subscription.unsubscribe();
    await this.nc.drain();
  }
}

export const newUserId = (label = 'user') => `${label}-${randomUUID()}`;
