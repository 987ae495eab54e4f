import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { signUpAndLogin, type Session } from '../../../test/support/auth.js';
import { checkoutCompleted, newMember, postWebhook, webhookSecretOf } from '../../../test/support/stripe.js';
import { expectEventually, expectProblem, request, testStack } from '../../../test/support/test-stack.js';

interface Received {
  event: string;
  data: Record<string, unknown>;
}

/** A socket.io client that records every server event in arrival order. */
async function chatClient(session: Session) {
  const socket: Socket = io(`${testStack().gatewayUrl}/chat`, {
    auth: { token: session.accessToken },
    transports: ['websocket'],
    reconnection: false,
  });
  const received: Received[] = [];
  socket.onAny((event: string, data: Record<string, unknown>) => received.push({ event, data }));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  const send = (text: string, extra: Record<string, unknown> = {}) =>
    socket.timeout(10_000).emitWithAck('sendMessage', { text, clientMessageId: randomUUID(), ...extra }) as Promise<{
      conversationId: string;
      messageId: string;
    }>;
  /** Events of one reply, once its message.completed (or message.error) arrived. */
  const reply = async (messageId: string) => {
    await expectEventually(
      () =>
        expect(received.some((r) => ['message.completed', 'message.error'].includes(r.event) && r.data.messageId === messageId)).toBe(true),
      20_000,
    );
    return received.filter((r) => r.data.messageId === messageId || (r.event === 'automation.triggered' && r.data.messageId === messageId));
  };
  return { socket, received, send, reply };
}

const get = <T>(session: Session, path: string) =>
  request<T>(`${testStack().gatewayUrl}${path}`, { headers: { authorization: `Bearer ${session.accessToken}` } });

describe('chat through the gateway socket, end to end with the offline assistant', () => {
  let alice: Session;
  let bob: Session;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    [alice, bob] = await Promise.all([signUpAndLogin(testStack().gatewayUrl, 'chat-a'), signUpAndLogin(testStack().gatewayUrl, 'chat-b')]);
  }, 30_000);
  afterAll(() => sockets.forEach((s) => s.disconnect()));

  it('streams tokens, announces the automation, completes, and the task exists', async () => {
    const client = await chatClient(alice);
    sockets.push(client.socket);
    const ack = await client.send('Please add a task to call the plumber tomorrow at 10am');
    expect(ack).toEqual({ conversationId: expect.any(String), messageId: expect.any(String) });

    const events = await client.reply(ack.messageId);
    const names = events.map((e) => e.event);
    expect(names.at(-1)).toBe('message.completed');
    expect(names.filter((n) => n === 'message.token').length).toBeGreaterThan(0);
    const automation = events.find((e) => e.event === 'automation.triggered');
    expect(automation?.data).toEqual(expect.objectContaining({ conversationId: ack.conversationId, name: 'create_task' }));
    const tokens = events.filter((e) => e.event === 'message.token').map((e) => e.data);
    const seqs = tokens.map((t) => t.seq as number);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    const completed = events.at(-1)!.data;
    expect(tokens.map((t) => t.delta).join('')).toBe(completed.text);

    const tasks = await get<{ title: string; dueAt?: string }[]>(alice, '/tasks');
    expect(tasks.status).toBe(200);
    expect(tasks.body.some((t) => /plumber/i.test(t.title) && t.dueAt)).toBe(true);
  }, 30_000);

  it('runs both requests of one message, nothing for a turned-down one, and takes the next message as the answer to its question', async () => {
    const carol = await signUpAndLogin(testStack().gatewayUrl, 'chat-c');
    const client = await chatClient(carol);
    sockets.push(client.socket);
    const ran = (events: Received[]) => events.filter((e) => e.event === 'automation.triggered').map((e) => e.data.name);

    const both = await client.send('add a task to order flyers and show me my open tasks');
    expect(ran(await client.reply(both.messageId))).toEqual(['create_task', 'list_tasks']);

    const declined = await client.send("don't add a task for the banners", { conversationId: both.conversationId });
    expect(ran(await client.reply(declined.messageId))).toEqual([]);
    expect((await get<{ title: string }[]>(carol, '/tasks')).body.map((t) => t.title)).toEqual(['order flyers']);

    const question = await client.send('I want to upload a file', { conversationId: both.conversationId });
    expect(ran(await client.reply(question.messageId))).toEqual([]);
    const answer = await client.send("it's called menu.pdf", { conversationId: both.conversationId });
    const events = await client.reply(answer.messageId);
    expect(events.find((e) => e.event === 'automation.triggered')?.data).toEqual(
      expect.objectContaining({
        name: 'request_upload_link',
        result: expect.objectContaining({ ok: true, uploadPage: '/uploads?filename=menu.pdf' }),
      }),
    );
    expect(events.at(-1)?.data.text).toContain('/uploads?filename=menu.pdf');
  }, 60_000);

  it('does not process a repeated clientMessageId twice', async () => {
    const client = await chatClient(alice);
    sockets.push(client.socket);
    const clientMessageId = randomUUID();
    const first = await client.send('Add a task to renew the van insurance', { clientMessageId });
    await client.reply(first.messageId);
    const second = await client.send('Add a task to renew the van insurance', { clientMessageId });

    expect(second.messageId).toBe(first.messageId);
    expect(second.conversationId).toBe(first.conversationId);
    const tasks = await get<{ title: string }[]>(alice, '/tasks');
    expect(tasks.body.filter((t) => /van insurance/i.test(t.title))).toHaveLength(1);
  }, 30_000);

  it('finishes and stores a reply whose socket disconnected mid-way; the client finds it after reconnecting', async () => {
    const client = await chatClient(bob);
    const ack = await client.send('Remember that our office wifi password is on the fridge');
    client.socket.disconnect();

    await expectEventually(async () => {
      const messages = await get<{ role: string; text: string }[]>(bob, `/chat/conversations/${ack.conversationId}/messages`);
      expect(messages.status).toBe(200);
      expect(messages.body.map((m) => m.role)).toEqual(['user', 'assistant']);
    }, 20_000);
    const conversations = await get<{ conversationId: string }[]>(bob, '/chat/conversations');
    expect(conversations.body.map((c) => c.conversationId)).toContain(ack.conversationId);
  }, 30_000);

  it("answers 404 for another user's conversation, never its messages", async () => {
    const client = await chatClient(alice);
    sockets.push(client.socket);
    const ack = await client.send('My accountant is called Priya');
    await client.reply(ack.messageId);

    expectProblem(await get(bob, `/chat/conversations/${ack.conversationId}/messages`), 404);
    expectProblem(
      await request(`${testStack().gatewayUrl}/chat/conversations/${ack.conversationId}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${bob.accessToken}` },
      }),
      404,
    );
    expectProblem(await get(bob, '/chat/conversations/..%2F..%2Fetc/messages'), 404);
    // Bob cannot continue Alice's conversation over the socket either.
    const bobClient = await chatClient(bob);
    sockets.push(bobClient.socket);
    const attempt = (await bobClient.socket
      .timeout(10_000)
      .emitWithAck('sendMessage', { text: 'hi', clientMessageId: randomUUID(), conversationId: ack.conversationId })) as {
      error?: { code: string };
    };
    expect(attempt.error?.code).toBe('not_found');
  }, 30_000);

  it('unlocks a Pro automation on the very next message after an upgrade', async () => {
    const carol = await signUpAndLogin(testStack().gatewayUrl, 'chat-upgrade');
    const client = await chatClient(carol);
    sockets.push(client.socket);
    const ask = () => client.send('Remind me to send the invoices in 2 hours');

    const before = await client.reply((await ask()).messageId);
    expect(before.find((e) => e.event === 'automation.triggered')?.data).toEqual(
      expect.objectContaining({ name: 'schedule_reminder', result: expect.objectContaining({ error: 'not_in_plan' }) }),
    );

    const { dataDir, gatewayUrl } = testStack();
    const upgraded = new Promise((resolve) => client.socket.once('membership.updated', resolve));
    expect((await postWebhook(gatewayUrl, checkoutCompleted(newMember(carol.userId)), { secret: webhookSecretOf(dataDir) })).status).toBe(
      200,
    );
    await upgraded;

    const after = await client.reply((await ask()).messageId);
    const automation = after.find((e) => e.event === 'automation.triggered')?.data;
    expect(automation).toEqual(expect.objectContaining({ name: 'schedule_reminder' }));
    expect(JSON.stringify(automation?.result)).not.toContain('not_in_plan');
  }, 40_000);

  it('answers the history routes with 401 without a token', async () => {
    expectProblem(await request(`${testStack().gatewayUrl}/chat/conversations`), 401);
    expectProblem(await request(`${testStack().gatewayUrl}/tasks`), 401);
  });
});
