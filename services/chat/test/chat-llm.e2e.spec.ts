import { ErrorCode, ListMessagesContract, ListTasksContract, type ChatEvent } from '@tasksensei/contracts';
import type { Stack } from '@tasksensei/devstack';
import { expectEventually } from '../../../test/support/test-stack.js';
import { newUserId, type ChatClient } from './support/chat-client.js';
import { ScriptedLlm, type ChatRequest } from './support/scripted-llm.js';
import { ScriptedLlmStack } from './support/scripted-llm-stack.js';

type Token = Extract<ChatEvent, { event: 'message.token' }>;
type Automation = Extract<ChatEvent, { event: 'automation.triggered' }>;

const answeredTool = (request: ChatRequest) => request.messages.at(-1)?.role === 'tool';
const systemOf = (request: ChatRequest) => request.messages.find((m) => m.role === 'system')?.content ?? '';

/**
 * The chat service on an OpenAI-compatible endpoint: a scripted HTTP server streams chunks and
 * tool calls, so the real @langchain/openai client runs. A stack of its own (own NATS, own
 * table prefix, the run's stores) with a price sheet whose free plan allows 10 messages a day,
 * includes reminders and leaves out upgrades; the chat service is killed and restarted here.
 */
describe('chat against an OpenAI-compatible endpoint', () => {
  let running: ScriptedLlmStack;
  let llm: ScriptedLlm;
  let stack: Stack;
  let client: ChatClient;

  beforeAll(async () => {
    running = await ScriptedLlmStack.start({
      name: 'chat-llm',
      plans: (plans) => {
        const free = plans.find((p) => p.id === 'free')!;
        free.limits.messagesPerDay = 10;
        free.limits.automations = ['create_task', 'list_tasks', 'complete_task', 'schedule_reminder', 'search_memory'];
      },
      env: { CHAT_REPLY_LEASE_MS: '2000', CHAT_RECENT_MESSAGES: '4', CHAT_SUMMARY_AFTER_MESSAGES: '2', REMINDER_POLL_MS: '250' },
    });
    ({ llm, stack, client } = running);
  }, 120_000);

  afterAll(() => running?.stop());

  it('streams the model tokens in order and completes with the same text', async () => {
    llm.script = () => ({ chunks: ['Hello', ' there', ', how can', ' I help?'] });
    const reply = await client.chat(newUserId(), 'hi');

    const tokens = reply.events.filter((e): e is Token => e.event === 'message.token');
    expect(tokens.map((t) => [t.data.seq, t.data.delta])).toEqual([
      [0, 'Hello'],
      [1, ' there'],
      [2, ', how can'],
      [3, ' I help?'],
    ]);
    expect(reply.terminal).toEqual(
      expect.objectContaining({ event: 'message.completed', data: expect.objectContaining({ text: 'Hello there, how can I help?' }) }),
    );
    const request = llm.requests.at(-1)!;
    expect(request.stream).toBe(true);
    expect(request.tools?.map((t) => t.function.name).sort()).toEqual([
      'complete_task',
      'create_task',
      'forget_memory',
      'list_tasks',
      'request_upload_link',
      'schedule_reminder',
      'search_memory',
      'start_upgrade',
      'update_profile',
    ]);
    expect(systemOf(request)).toMatch(/Current time: \S+ \(\w+\), time zone UTC\./);
  });

  it('runs the tool the model calls, feeds back the result and stores the task', async () => {
    llm.script = (request) =>
      answeredTool(request)
        ? { chunks: ['I added ', '"Water the plants".'] }
        : { toolCalls: [{ name: 'create_task', args: { title: 'Water the plants', dueAt: '2030-01-15T09:00:00+01:00' } }] };
    const userId = newUserId();
    const reply = await client.chat(userId, 'please add watering the plants for mid January 2030');

    expect(reply.events.map((e) => e.event)).toEqual(['automation.triggered', 'message.token', 'message.token', 'message.completed']);
    const automation = reply.events[0] as Automation;
    expect(automation.data).toEqual(
      expect.objectContaining({
        name: 'create_task',
        input: { title: 'Water the plants', dueAt: '2030-01-15T08:00:00.000Z' },
        result: expect.objectContaining({ ok: true }),
      }),
    );
    expect(await client.request(ListTasksContract, {}, userId)).toEqual([
      expect.objectContaining({ title: 'Water the plants', status: 'open', dueAt: '2030-01-15T08:00:00.000Z' }),
    ]);
    const followUp = llm.requests.at(-1)!;
    expect(followUp.messages.at(-1)).toEqual(expect.objectContaining({ role: 'tool', content: expect.stringContaining('"ok":true') }));
    expect(followUp.messages.at(-2)).toEqual(
      expect.objectContaining({
        role: 'assistant',
        tool_calls: [expect.objectContaining({ function: expect.objectContaining({ name: 'create_task' }) })],
      }),
    );
    const history = await client.request(ListMessagesContract, { conversationId: reply.ack.conversationId }, userId);
    expect(history.map((m) => m.role)).toEqual(['user', 'tool', 'assistant']);
  });

  it('refuses arguments that fail validation, and tells the model why', async () => {
    llm.script = (request) =>
      answeredTool(request)
        ? { chunks: ['That date was not valid.'] }
        : { toolCalls: [{ name: 'create_task', args: { title: '', dueAt: 'next tuesday' } }] };
    const userId = newUserId();
    const reply = await client.chat(userId, 'add an empty task');
    expect((reply.events[0] as Automation).data.result).toEqual(expect.objectContaining({ ok: false, error: 'invalid_arguments' }));
    expect(await client.request(ListTasksContract, {}, userId)).toEqual([]);
  });

  it('retries a reply whose model stream broke mid-way without creating the task twice', async () => {
    const call = { name: 'create_task', args: { title: 'Renew the insurance' } };
    let turns = 0;
    let answers = 0;
    llm.script = (request) => {
      turns++;
      if (!answeredTool(request)) return { toolCalls: [call] };
      // The answer after the tool: the first time the server dies after one chunk.
      return ++answers === 1 ? { chunks: ['Added', ' it', ' for you.'], dropAfterChunks: 1 } : { chunks: ['All done.'] };
    };
    const userId = newUserId();
    const reply = await client.chat(userId, 'add renewing the insurance');

    expect(reply.terminal).toEqual(
      expect.objectContaining({ event: 'message.completed', data: expect.objectContaining({ text: 'All done.' }) }),
    );
    expect(turns).toBe(4);
    const automations = reply.events.filter((e): e is Automation => e.event === 'automation.triggered');
    expect(automations).toHaveLength(2);
    expect(automations[1]!.data.result).toEqual(automations[0]!.data.result);
    expect(await client.request(ListTasksContract, {}, userId)).toEqual([expect.objectContaining({ title: 'Renew the insurance' })]);
  });

  it('recalls memory through the endpoint embeddings, for the same user only', async () => {
    llm.script = () => ({ chunks: ['Noted.'] });
    const alice = newUserId('alice');
    const bob = newUserId('bob');
    await client.chat(alice, 'My dog is called Rex.');
    await expectEventually(() => expect(llm.embeddingInputs).toContain('My dog is called Rex.'));

    await client.chat(alice, "What's my dog's name?");
    expect(systemOf(llm.requests.at(-1)!)).toContain('My dog is called Rex.');
    await client.chat(bob, "What's my dog's name?");
    expect(systemOf(llm.requests.at(-1)!)).not.toContain('Rex');
  });

  it('summarises a long conversation instead of sending it all', async () => {
    const summarising = (request: ChatRequest) => systemOf(request).startsWith('Summarise the conversation');
    llm.script = (request) => (summarising(request) ? { chunks: ['- The user is counting out loud.'] } : { chunks: ['ok'] });
    const userId = newUserId();
    const first = await client.chat(userId, 'one');
    for (const word of ['two', 'three', 'four', 'five']) await client.chat(userId, word, { conversationId: first.ack.conversationId });
    await expectEventually(() => expect(llm.requests.some(summarising)).toBe(true));
    const summaryRequest = llm.requests.find(summarising)!;
    expect(ScriptedLlm.lastUser(summaryRequest)).toContain('user: one');

    // The summary is written after the reply that triggered it; the next message or two see it.
    await expectEventually(
      async () => {
        await client.chat(userId, 'and more', { conversationId: first.ack.conversationId });
        const request = llm.requests.at(-1)!;
        expect(systemOf(request)).toContain('## Summary of the earlier part of this conversation\n- The user is counting out loud.');
        // The recent window and the new message only: the start of the conversation is in the summary.
        expect(request.messages.filter((m) => m.role !== 'system').map((m) => m.content)).not.toContain('one');
        expect(request.messages.length).toBeLessThanOrEqual(1 + 4 + 1);
      },
      5_000,
      300,
    );
  }, 30_000);

  it('ends a reply cut by a restart with message.error, and the history stays consistent', async () => {
    llm.script = (request) =>
      ChatRequestText(request).includes('long story')
        ? { chunks: Array.from({ length: 60 }, (_, i) => `word${i} `), delayMs: 100 }
        : { chunks: ['Back again.'] };
    const userId = newUserId();
    await client.listen(userId);
    const ack = await client.send(userId, 'tell me a long story');
    await client.waitFor(userId, (e): e is Token => e.event === 'message.token' && e.data.messageId === ack.messageId && e.data.seq >= 2);

    process.kill(stack.components.get('chat')!.pid!, 'SIGKILL');
    await stack.stopComponent('chat');
    await stack.startService('chat');

    const error = await client.waitFor(
      userId,
      (e): e is Extract<ChatEvent, { event: 'message.error' }> => e.event === 'message.error' && e.data.messageId === ack.messageId,
      20_000,
    );
    expect(error.data).toEqual(expect.objectContaining({ conversationId: ack.conversationId, code: 'reply_interrupted' }));
    expect((await client.request(ListMessagesContract, { conversationId: ack.conversationId }, userId)).map((m) => m.role)).toEqual([
      'user',
    ]);

    const next = await client.chat(userId, 'are you back?', { conversationId: ack.conversationId });
    expect(next.text).toBe('Back again.');
    const history = await client.request(ListMessagesContract, { conversationId: ack.conversationId }, userId);
    expect(history.map((m) => [m.role, m.text])).toEqual([
      ['user', 'tell me a long story'],
      ['user', 'are you back?'],
      ['assistant', 'Back again.'],
    ]);
  }, 60_000);

  it('delivers a reminder that fell due while the service was stopped', async () => {
    const dueAt = new Date(Date.now() + 4_000).toISOString();
    llm.script = (request) =>
      answeredTool(request)
        ? { chunks: ['Reminder set.'] }
        : { toolCalls: [{ name: 'schedule_reminder', args: { title: 'Check the oven', dueAt } }] };
    const userId = newUserId();
    const reply = await client.chat(userId, 'remind me in 4 seconds to check the oven');
    expect((reply.events[0] as Automation).data.result).toEqual(expect.objectContaining({ ok: true }));

    await stack.stopComponent('chat');
    await expectEventually(() => expect(Date.now()).toBeGreaterThan(Date.parse(dueAt) + 500), 10_000, 250);
    await stack.startService('chat');
    const due = await client.waitFor(userId, (e): e is Extract<ChatEvent, { event: 'reminder.due' }> => e.event === 'reminder.due', 15_000);
    expect(due.data).toEqual(expect.objectContaining({ title: 'Check the oven', dueAt: new Date(dueAt).toISOString() }));
  }, 60_000);

  it('refuses an automation outside the plan with not_in_plan', async () => {
    llm.script = (request) =>
      answeredTool(request)
        ? { chunks: ['Upgrades are not available on your plan.'] }
        : { toolCalls: [{ name: 'start_upgrade', args: { planId: 'pro' } }] };
    const reply = await client.chat(newUserId(), 'upgrade me');
    expect((reply.events[0] as Automation).data).toEqual(
      expect.objectContaining({ name: 'start_upgrade', result: expect.objectContaining({ ok: false, error: 'not_in_plan' }) }),
    );
  });

  it('refuses messages over the plan daily limit with a clear code', async () => {
    llm.script = () => ({ chunks: ['ok'] });
    const userId = newUserId();
    const first = await client.chat(userId, 'message 1', { clientMessageId: 'limit-1' });
    for (let i = 2; i <= 10; i++) await client.chat(userId, `message ${i}`);

    const refused = client.send(userId, 'message 11');
    await expect(refused).rejects.toEqual(
      expect.objectContaining({ code: ErrorCode.RateLimited, message: expect.stringMatching(/the 10 messages a day of the Free plan/) }),
    );
    await expect(refused).rejects.toEqual(expect.objectContaining({ retryAfterSeconds: expect.any(Number) }));
    // A retry of a message already accepted is not a new message: it still gets its ack.
    expect(await client.send(userId, 'message 1', { clientMessageId: 'limit-1' })).toEqual({ ...first.ack, duplicate: true });
  }, 30_000);
});

function ChatRequestText(request: ChatRequest): string {
  return ScriptedLlm.lastUser(request);
}
