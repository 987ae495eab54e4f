import { GetProfileContract, ListFilesContract, ListTasksContract, type ChatEvent } from '@tasksensei/contracts';
import { signUp, uniqueEmail } from '../../../test/support/auth.js';
import { expectEventually, testStack } from '../../../test/support/test-stack.js';
import { ChatClient, newUserId, type Reply } from './support/chat-client.js';

type Triggered = Extract<ChatEvent, { event: 'automation.triggered' }>;
const ran = (reply: Reply) => reply.events.filter((e): e is Triggered => e.event === 'automation.triggered').map((e) => e.data);

/**
 * What the offline model understands beyond one request per message, through the real chat
 * service (NATS, DynamoDB, Chroma): several requests, negations, mentions that are no orders,
 * answers to its own questions in the next message, and "forget that ...".
 */
describe('the offline model understands', () => {
  let client: ChatClient;

  beforeAll(async () => {
    client = await ChatClient.connect();
  }, 30_000);

  afterAll(async () => {
    await client?.close();
  }, 60_000);

  it('runs every request of a message, and nothing for one turned down or merely mentioned', async () => {
    const userId = newUserId();
    const both = await client.chat(userId, 'add a task to pay the VAT and then show me my open tasks');
    expect(ran(both).map((a) => a.name)).toEqual(['create_task', 'list_tasks']);
    expect(both.text).toContain('pay the VAT');

    const twoTasks = await client.chat(userId, 'add task call the window cleaner, add task buy bin bags', {
      conversationId: both.ack.conversationId,
    });
    expect(ran(twoTasks).map((a) => a.name)).toEqual(['create_task', 'create_task']);
    expect((await client.request(ListTasksContract, {}, userId)).map((t) => t.title).sort()).toEqual([
      'buy bin bags',
      'call the window cleaner',
      'pay the VAT',
    ]);

    const declined = await client.chat(userId, "don't add a task for the delivery, it's handled");
    expect(ran(declined)).toEqual([]);
    expect(declined.text).toMatch(/leave that/i);
    const mention = await client.chat(userId, 'a customer asked me how they can get paid faster');
    expect(ran(mention)).toEqual([]);
    expect(await client.request(ListTasksContract, {}, userId)).toHaveLength(3);
  }, 60_000);

  it('takes the next message as the answer to its question, from what the conversation stored', async () => {
    const userId = newUserId();
    const question = await client.chat(userId, 'I want to upload a file');
    expect(ran(question)).toEqual([]);
    expect(question.text).toMatch(/which file/i);

    const answer = await client.chat(userId, "it's called menu.pdf", { conversationId: question.ack.conversationId });
    expect(ran(answer)).toEqual([
      expect.objectContaining({
        name: 'request_upload_link',
        input: { filename: 'menu.pdf', contentType: 'application/pdf' },
        result: expect.objectContaining({ ok: true, uploadPage: '/uploads?filename=menu.pdf' }),
      }),
    ]);
    expect(answer.text).toContain('/uploads?filename=menu.pdf');
    // No size was known, so no upload was reserved with the files service.
    expect(await client.request(ListFilesContract, {}, userId)).toEqual([]);

    // The question was answered and is no longer open: there is nothing left to drop.
    const after = await client.chat(userId, 'never mind', { conversationId: question.ack.conversationId });
    expect(after.text).not.toMatch(/dropped/i);
  }, 60_000);

  it('fills a profile change across turns, and a cancelled question runs nothing', async () => {
    const { status, body } = await signUp(testStack().gatewayUrl, uniqueEmail('understand'));
    expect(status).toBe(201);
    const userId = body.userId!;
    await expectEventually(() => client.request(GetProfileContract, {}, userId), 15_000);

    const question = await client.chat(userId, 'change my name');
    expect(ran(question)).toEqual([]);
    const answer = await client.chat(userId, 'Claire Dubois', { conversationId: question.ack.conversationId });
    expect(ran(answer)).toEqual([
      expect.objectContaining({
        name: 'update_profile',
        input: { displayName: 'Claire Dubois' },
        result: expect.objectContaining({ ok: true }),
      }),
    ]);
    expect(answer.text).toContain('Claire Dubois');
    expect((await client.request(GetProfileContract, {}, userId)).displayName).toBe('Claire Dubois');

    const other = await client.chat(userId, 'update my company');
    const cancelled = await client.chat(userId, 'never mind', { conversationId: other.ack.conversationId });
    expect(ran(cancelled)).toEqual([]);
    expect(cancelled.text).toMatch(/dropped/i);
    expect((await client.request(GetProfileContract, {}, userId)).company).toBeUndefined();
  }, 60_000);

  it('forgets what it was told when asked, in another conversation, and only that', async () => {
    const userId = newUserId();
    await client.chat(userId, 'the alarm code for the shop is 4521');
    await client.chat(userId, 'our landlord is Mr Okafor');
    const recalled = await client.chat(userId, "what's the alarm code for the shop?");
    expect(recalled.text).toContain('4521');

    const forget = await client.chat(userId, 'forget what I said about the alarm code');
    expect(ran(forget)).toEqual([
      expect.objectContaining({ name: 'forget_memory', result: expect.objectContaining({ ok: true, forgotten: expect.any(Number) }) }),
    ]);
    expect((ran(forget)[0]!.result as { forgotten: number }).forgotten).toBeGreaterThanOrEqual(1);

    const after = await client.chat(userId, "what's the alarm code for the shop?");
    expect(after.text).not.toContain('4521');
    expect((await client.chat(userId, 'who is our landlord?')).text).toContain('Okafor');
  }, 60_000);
});
