import { ChatEventNotification, MembershipUpdatedNotification } from '@tasksensei/contracts';
import { io, type Socket } from 'socket.io-client';
import { signUpAndLogin, type Session } from '../../../test/support/auth.js';
import { testStack } from '../../../test/support/test-stack.js';
import { TestBus } from '../../../test/support/nats.js';

const open = (token?: unknown) =>
  io(`${testStack().gatewayUrl}/chat`, {
    transports: ['websocket'],
    reconnection: false,
    ...(token === undefined ? {} : { auth: { token } }),
  });

function connected(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
}

function refused(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => reject(new Error('connected without a valid token')));
    socket.once('connect_error', (error) => resolve(error.message));
  });
}

const next = <T>(socket: Socket, event: string, timeoutMs = 5_000) =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    socket.once(event, (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });

const send = (socket: Socket, message: unknown) =>
  socket.timeout(5_000).emitWithAck('sendMessage', message) as Promise<Record<string, unknown>>;

describe('socket.io /chat at the gateway', () => {
  let alice: Session;
  let bob: Session;
  // Chat events are published as the chat service, membership updates as users: only they may.
  const bus = new TestBus();
  const sockets: Socket[] = [];
  const track = (socket: Socket) => (sockets.push(socket), socket);

  beforeAll(async () => {
    [alice, bob] = await Promise.all([signUpAndLogin(testStack().gatewayUrl, 'sock-a'), signUpAndLogin(testStack().gatewayUrl, 'sock-b')]);
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await bus.close();
  });

  it.each([
    ['no token', undefined],
    ['a garbage token', 'not-a-token'],
    ['a non-string token', { nested: true }],
  ])('refuses a handshake with %s: connect_error "unauthorized"', async (_label, token) => {
    expect(await refused(track(open(token)))).toBe('unauthorized');
  });

  it('refuses an ID token in the handshake', async () => {
    expect(await refused(track(open(alice.idToken)))).toBe('unauthorized');
  });

  it('relays events published for the user to that user only, and drops misrouted ones', async () => {
    const a = track(open(alice.accessToken));
    const b = track(open(bob.accessToken));
    await Promise.all([connected(a), connected(b)]);
    const bobGot: string[] = [];
    b.on('message.completed', (payload: { text: string }) => bobGot.push(payload.text));

    const event = (userId: string, text: string) =>
      JSON.stringify({ event: 'message.completed', userId, data: { conversationId: 'c1', messageId: 'm1', text } });
    const received = next<{ text: string }>(a, 'message.completed');
    const sentinel = next<{ text: string }>(b, 'message.completed');
    // Published on Alice's subject but naming Bob inside: must not reach anyone.
    const chat = await bus.as('chat');
    chat.publish(ChatEventNotification.subjectFor(alice.userId), event(bob.userId, 'misrouted'));
    chat.publish(ChatEventNotification.subjectFor(alice.userId), event(alice.userId, 'hello alice'));
    // Bob's own event, published after the misrouted one: it arriving first and alone shows the
    // misrouted one was dropped, not merely slow.
    chat.publish(ChatEventNotification.subjectFor(bob.userId), event(bob.userId, 'hello bob'));

    expect(await received).toEqual({ conversationId: 'c1', messageId: 'm1', text: 'hello alice' });
    expect(await sentinel).toEqual({ conversationId: 'c1', messageId: 'm1', text: 'hello bob' });
    expect(bobGot).toEqual(['hello bob']);
  });

  it('pushes membership.updated from the users service to every socket of the user', async () => {
    const [s1, s2] = [track(open(alice.accessToken)), track(open(alice.accessToken))];
    await Promise.all([connected(s1), connected(s2)]);
    const both = Promise.all([next(s1, 'membership.updated'), next(s2, 'membership.updated')]);
    (await bus.as('users')).publish(
      MembershipUpdatedNotification.subjectFor(alice.userId),
      JSON.stringify({ userId: alice.userId, tier: 'pro', status: 'active', updatedAt: new Date().toISOString() }),
    );
    expect(await both).toEqual([
      { tier: 'pro', status: 'active' },
      { tier: 'pro', status: 'active' },
    ]);
  });

  it('validates sendMessage: empty, oversized and malformed messages are refused with message.error', async () => {
    const socket = track(open(alice.accessToken));
    await connected(socket);
    for (const message of [
      { text: '', clientMessageId: 'a1' },
      { text: 'x'.repeat(8_001), clientMessageId: 'a2' },
      'just a string',
      { text: 'hi' },
    ]) {
      const ack = await send(socket, message);
      expect(ack.error).toEqual(expect.objectContaining({ code: 'invalid_message', reason: 'VALIDATION_FAILED' }));
    }
  });

  it("answers a service's refusal with its reason, on message.error and in the ack", async () => {
    const socket = track(open(alice.accessToken));
    await connected(socket);
    const errors: Record<string, unknown>[] = [];
    socket.on('message.error', (error: Record<string, unknown>) => errors.push(error));
    const request = { conversationId: 'no-such-conversation', messageId: 'no-such-message', clientMessageId: 'g1' };
    const ack = (await socket.timeout(5_000).emitWithAck('regenerate', request)) as Record<string, unknown>;
    const expected = {
      code: 'not_found',
      reason: 'CONVERSATION_NOT_FOUND',
      message: 'No such conversation.',
      conversationId: request.conversationId,
      messageId: request.messageId,
    };
    expect(ack.error).toEqual(expected);
    expect(errors.filter((error) => error.conversationId === request.conversationId)).toEqual([expected]);
  });

  it('rate limits sendMessage on one socket', async () => {
    const socket = track(open(bob.accessToken));
    await connected(socket);
    const acks = [];
    for (let i = 0; i < 15; i++) acks.push(await send(socket, { text: '', clientMessageId: `r${i}` }));
    const limited = acks.filter((ack) => (ack.error as { code?: string } | undefined)?.code === 'rate_limited');
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]!.error).toEqual(expect.objectContaining({ reason: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) }));
  });

  it('rate limits sendMessage per user: more sockets do not buy more messages', async () => {
    const carol = await signUpAndLogin(testStack().gatewayUrl, 'sock-c');
    // Four sockets, three messages each: under the burst (10) on every socket, over it together.
    const many = [0, 1, 2, 3].map(() => track(open(carol.accessToken)));
    await Promise.all(many.map(connected));
    const errors: { code?: string }[] = [];
    many.at(-1)!.on('message.error', (error: { code?: string }) => errors.push(error));
    const acks = [];
    for (const [n, socket] of many.entries()) {
      for (let i = 0; i < 3; i++) acks.push(await send(socket, { text: '', clientMessageId: `u${n}-${i}` }));
    }
    const codes = acks.map((ack) => (ack.error as { code?: string } | undefined)?.code);
    expect(codes.slice(0, 10).every((code) => code === 'invalid_message')).toBe(true);
    expect(codes.slice(10)).toEqual(['rate_limited', 'rate_limited']);
    expect(acks[10]!.error).toEqual(expect.objectContaining({ retryAfterSeconds: expect.any(Number) }));
    expect(errors.map((error) => error.code)).toEqual(['invalid_message', 'rate_limited', 'rate_limited']);
  });
});
