import {
  CheckoutContract,
  DeleteConversationContract,
  ErrorCode,
  GetProfileContract,
  ListConversationsContract,
  ListFilesContract,
  ListMessagesContract,
  ListTasksContract,
  LocalCheckoutPayContract,
  LocalCheckoutViewContract,
  PlanForUserContract,
  ServiceError,
  type ChatEvent,
} from '@tasksensei/contracts';
import { signUp, uniqueEmail } from '../../../test/support/auth.js';
import { expectEventually, testStack } from '../../../test/support/test-stack.js';
import { ChatClient, newUserId } from './support/chat-client.js';

/**
 * The chat service of the shared stack, with the offline model (no LLM configured): natural
 * requests trigger each automation, checked in the service that owns the effect.
 */
describe('chat with the offline model', () => {
  let client: ChatClient;

  beforeAll(async () => {
    client = await ChatClient.connect();
  }, 30_000);

  afterAll(async () => {
    await client?.close();
  });

  /** A user the users service knows (signed up through the gateway), so profile changes have a target. */
  async function registeredUser(): Promise<string> {
    const { status, body } = await signUp(testStack().gatewayUrl, uniqueEmail('chat'));
    expect(status).toBe(201);
    const userId = body.userId!;
    await expectEventually(() => client.request(GetProfileContract, {}, userId), 15_000);
    return userId;
  }

  async function upgradeToPro(userId: string): Promise<void> {
    const session = await client.request(CheckoutContract, { planId: 'pro' }, userId);
    const page = await client.request(LocalCheckoutViewContract, { sessionId: session.sessionId }, userId);
    await client.request(LocalCheckoutPayContract, { sessionId: session.sessionId, csrfToken: page.csrfToken }, userId);
    await expectEventually(async () => expect((await client.request(PlanForUserContract, {}, userId)).plan.id).toBe('pro'), 20_000, 250);
  }

  it('creates a task from a natural request, streams the reply in order and stores the turn', async () => {
    const userId = newUserId();
    const reply = await client.chat(userId, 'add a task to renew the office lease by Friday');

    expect(reply.terminal.event).toBe('message.completed');
    const names = reply.events.map((e) => e.event);
    // tokens..., automation.triggered, then message.completed, nothing after it
    expect(names.indexOf('automation.triggered')).toBeGreaterThanOrEqual(0);
    expect(names.at(-1)).toBe('message.completed');
    const tokens = reply.events.filter((e): e is Extract<ChatEvent, { event: 'message.token' }> => e.event === 'message.token');
    expect(tokens.map((t) => t.data.seq)).toEqual(tokens.map((_, i) => i));
    expect(tokens.map((t) => t.data.delta).join('')).toBe(reply.text);
    const automation = reply.events.find((e) => e.event === 'automation.triggered')!;
    expect(automation.data).toEqual(
      expect.objectContaining({
        conversationId: reply.ack.conversationId,
        name: 'create_task',
        input: expect.objectContaining({ title: 'renew the office lease' }),
      }),
    );
    expect(reply.text).toContain('renew the office lease');

    const tasks = await client.request(ListTasksContract, {}, userId);
    expect(tasks).toEqual([expect.objectContaining({ title: 'renew the office lease', status: 'open', dueAt: expect.any(String) })]);
    // Friday 09:00 in the user's zone (UTC without a profile).
    expect(new Date(tasks[0]!.dueAt!).getUTCDay()).toBe(5);
    expect(tasks[0]!.dueAt).toMatch(/T09:00:00/);

    const messages = await client.request(ListMessagesContract, { conversationId: reply.ack.conversationId }, userId);
    expect(messages.map((m) => m.role)).toEqual(['user', 'tool', 'assistant']);
    expect(messages[2]).toEqual(expect.objectContaining({ messageId: reply.ack.messageId, text: reply.text }));
    expect(messages[1]!.text).toContain('Created task "renew the office lease"');
    const conversations = await client.request(ListConversationsContract, {}, userId);
    expect(conversations).toEqual([
      expect.objectContaining({ conversationId: reply.ack.conversationId, title: 'add a task to renew the office lease by Friday' }),
    ]);
  });

  it('lists tasks and completes one found by a misspelt title', async () => {
    const userId = newUserId();
    const first = await client.chat(userId, 'create a todo: water the plants');
    await client.chat(userId, 'add a task to call the accountant', { conversationId: first.ack.conversationId });

    const done = await client.chat(userId, 'mark watering the plnts as done', { conversationId: first.ack.conversationId });
    expect(done.events.find((e) => e.event === 'automation.triggered')?.data).toEqual(
      expect.objectContaining({ name: 'complete_task', result: expect.objectContaining({ ok: true }) }),
    );
    const tasks = await client.request(ListTasksContract, {}, userId);
    expect(tasks.map((t) => [t.title, t.status])).toEqual([
      ['water the plants', 'done'],
      ['call the accountant', 'open'],
    ]);

    const listed = await client.chat(userId, "what's still on my to-do list?", { conversationId: first.ack.conversationId });
    expect(listed.events.find((e) => e.event === 'automation.triggered')?.data).toEqual(expect.objectContaining({ name: 'list_tasks' }));
    expect(listed.text).toContain('call the accountant');
    expect(listed.text).not.toContain('water the plants');
  }, 30_000);

  it('updates the profile in the users service, and later dates follow the new time zone', async () => {
    const userId = await registeredUser();
    const renamed = await client.chat(userId, 'please call me Robin from now on');
    expect(renamed.terminal.event).toBe('message.completed');
    const moved = await client.chat(userId, "I've moved to Tokyo, update my time zone", { conversationId: renamed.ack.conversationId });
    expect(moved.events.find((e) => e.event === 'automation.triggered')?.data).toEqual(
      expect.objectContaining({ name: 'update_profile', input: { timezone: 'Asia/Tokyo' } }),
    );

    const profile = await client.request(GetProfileContract, {}, userId);
    expect(profile).toEqual(expect.objectContaining({ displayName: 'Robin', timezone: 'Asia/Tokyo' }));

    await client.chat(userId, 'new task: send the quarterly figures tomorrow at 10am', { conversationId: renamed.ack.conversationId });
    const [task] = await client.request(ListTasksContract, {}, userId);
    // 10:00 in Tokyo is 01:00 UTC.
    expect(task!.dueAt).toMatch(/T01:00:00/);
  });

  it('asks the files service for an upload link, which then holds the pending file', async () => {
    const userId = newUserId();
    const reply = await client.chat(userId, 'I need to upload invoice-march.pdf, it is 2 MB');
    const automation = reply.events.find((e) => e.event === 'automation.triggered')!;
    expect(automation.data).toEqual(
      expect.objectContaining({
        name: 'request_upload_link',
        input: { filename: 'invoice-march.pdf', contentType: 'application/pdf', size: 2 * 1024 * 1024 },
        result: expect.objectContaining({ ok: true, url: expect.stringMatching(/^http/), fileId: expect.any(String) }),
      }),
    );
    const { fileId } = (automation.data as { result: { fileId: string } }).result;
    const files = await client.request(ListFilesContract, {}, userId);
    expect(files).toEqual([expect.objectContaining({ fileId, filename: 'invoice-march.pdf', size: 2 * 1024 * 1024, status: 'pending' })]);

    // No size, no signed link: the Files page takes over with the name filled in, and nothing is reserved.
    const unsized = await client.chat(userId, 'upload link for notes.txt please');
    expect(unsized.text).toContain('/uploads?filename=notes.txt');
    expect(await client.request(ListFilesContract, {}, userId)).toHaveLength(1);
  });

  it('starts an upgrade: billing has a checkout session for the pro plan', async () => {
    const userId = newUserId();
    const reply = await client.chat(userId, "I'd like to upgrade to the pro plan");
    const automation = reply.events.find((e) => e.event === 'automation.triggered')!;
    expect(automation.data).toEqual(
      expect.objectContaining({ name: 'start_upgrade', result: expect.objectContaining({ ok: true, url: expect.any(String) }) }),
    );
    const { sessionId } = (automation.data as { result: { sessionId: string } }).result;
    expect(reply.text).toContain((automation.data as { result: { url: string } }).result.url);

    const view = await client.request(LocalCheckoutViewContract, { sessionId }, userId);
    expect(view).toEqual(expect.objectContaining({ status: 'open', plan: expect.objectContaining({ id: 'pro' }) }));
  });

  it('schedules a reminder for a pro member and delivers reminder.due when it falls due', async () => {
    const userId = newUserId();
    await upgradeToPro(userId);
    const reply = await client.chat(userId, 'remind me in 3 seconds to stretch my legs');
    const automation = reply.events.find((e) => e.event === 'automation.triggered')!;
    expect(automation.data).toEqual(expect.objectContaining({ name: 'schedule_reminder', result: expect.objectContaining({ ok: true }) }));

    const due = await client.waitFor(userId, (e): e is Extract<ChatEvent, { event: 'reminder.due' }> => e.event === 'reminder.due', 20_000);
    expect(due.data).toEqual(expect.objectContaining({ title: 'stretch my legs' }));
    const tasks = await client.request(ListTasksContract, {}, userId);
    expect(tasks).toEqual([expect.objectContaining({ taskId: due.data.taskId, title: 'stretch my legs', dueAt: due.data.dueAt })]);
  }, 60_000);

  it('refuses an automation the plan does not include, and says so', async () => {
    const userId = newUserId();
    const reply = await client.chat(userId, 'remind me tomorrow at 9am to call the bank');
    expect(reply.events.find((e) => e.event === 'automation.triggered')?.data).toEqual(
      expect.objectContaining({ name: 'schedule_reminder', result: expect.objectContaining({ ok: false, error: 'not_in_plan' }) }),
    );
    expect(reply.text).toMatch(/not part of the Free plan/);
    expect(await client.request(ListTasksContract, {}, userId)).toEqual([]);
  });

  it('recalls what a user said in another conversation, and never what another user said', async () => {
    const alice = newUserId('alice');
    const bob = newUserId('bob');
    await client.chat(alice, 'my dog is called Rex');
    await client.chat(bob, 'my dog is called Bella');

    const aliceAsks = await client.chat(alice, "what's my dog's name?");
    expect(aliceAsks.text).toContain('Rex');
    expect(aliceAsks.text).not.toContain('Bella');
    const bobAsks = await client.chat(bob, 'what is my dogs name');
    expect(bobAsks.text).toContain('Bella');
    expect(bobAsks.text).not.toContain('Rex');

    const carol = newUserId('carol');
    const carolAsks = await client.chat(carol, "what's my dog's name?");
    expect(carolAsks.text).not.toMatch(/Rex|Bella/);

    const searched = await client.chat(alice, 'search my memory for the dog');
    expect(searched.events.find((e) => e.event === 'automation.triggered')?.data).toEqual(
      expect.objectContaining({ name: 'search_memory' }),
    );
    expect(searched.text).toContain('Rex');
    expect(searched.text).not.toContain('Bella');
  });

  it('processes a repeated clientMessageId once and answers the first ack', async () => {
    const userId = newUserId();
    const clientMessageId = `cm-${Date.now()}`;
    const first = await client.chat(userId, 'add a task to book the venue', { clientMessageId });
    const again = await client.send(userId, 'add a task to book the venue', { clientMessageId });

    expect(again).toEqual({ conversationId: first.ack.conversationId, messageId: first.ack.messageId, duplicate: true });
    const messages = await client.request(ListMessagesContract, { conversationId: first.ack.conversationId }, userId);
    expect(messages.filter((m) => m.role === 'user')).toHaveLength(1);
    expect(await client.request(ListTasksContract, {}, userId)).toHaveLength(1);
  });

  it('finishes and stores a reply nobody is listening to (a client that disconnected)', async () => {
    const userId = newUserId();
    // No subscription: like a socket gone right after sending.
    const ack = await client.send(userId, 'add a task to order new business cards');
    await expectEventually(async () => {
      const messages = await client.request(ListMessagesContract, { conversationId: ack.conversationId }, userId);
      expect(messages.find((m) => m.role === 'assistant')).toEqual(
        expect.objectContaining({ messageId: ack.messageId, text: expect.stringContaining('order new business cards') }),
      );
    });
  });

  it("answers 404 for another user's conversation and deletes a conversation with its memory", async () => {
    const owner = newUserId('owner');
    const other = newUserId('other');
    const reply = await client.chat(owner, 'my locker code is 8142');
    const conversationId = reply.ack.conversationId;

    await expect(client.request(ListMessagesContract, { conversationId }, other)).rejects.toEqual(
      expect.objectContaining({ code: ErrorCode.NotFound }),
    );
    await expect(client.send(other, 'hello', { conversationId })).rejects.toBeInstanceOf(ServiceError);
    expect(await client.request(DeleteConversationContract, { conversationId }, other)).toEqual({ deleted: false });
    expect(await client.request(ListMessagesContract, { conversationId }, owner)).toHaveLength(2);

    expect(await client.request(DeleteConversationContract, { conversationId }, owner)).toEqual({ deleted: true });
    await expect(client.request(ListMessagesContract, { conversationId }, owner)).rejects.toEqual(
      expect.objectContaining({ code: ErrorCode.NotFound }),
    );
    expect(await client.request(ListConversationsContract, {}, owner)).toEqual([]);
    const asked = await client.chat(owner, 'what is my locker code?');
    expect(asked.text).not.toContain('8142');
  });

  it('says plainly that it is the offline assistant when asked what it cannot do', async () => {
    const reply = await client.chat(newUserId(), "what can't you do?");
    expect(reply.text).toMatch(/offline assistant/i);
  });
});
