import { AIMessage, HumanMessage, SystemMessage, ToolMessage, type AIMessageChunk } from '@langchain/core/messages';
import { concat } from '@langchain/core/utils/stream';
import { systemPrompt, SUMMARY_INSTRUCTION } from '../../context/prompt.js';
import { OfflineChatModel } from './offline-chat-model.js';

const TOOLS = [
  'create_task',
  'list_tasks',
  'complete_task',
  'schedule_reminder',
  'request_upload_link',
  'start_upgrade',
  'update_profile',
  'search_memory',
].map((name) => ({ name }));
const now = new Date('2026-03-10T13:00:00Z');
const system = (memories: { date: string; role: 'user' | 'assistant'; text: string }[] = []) =>
  new SystemMessage(systemPrompt({ now, timezone: 'Europe/Paris', memories }));

async function streamed(model: ReturnType<OfflineChatModel['bindTools']>, messages: Parameters<OfflineChatModel['stream']>[0]) {
  const chunks: AIMessageChunk[] = [];
  for await (const chunk of await model.stream(messages)) chunks.push(chunk);
  return { chunks, message: chunks.reduce((a, b) => concat(a, b)) };
}

describe('the offline chat model', () => {
  const model = new OfflineChatModel().bindTools(TOOLS);

  it('streams tool calls as tool_call_chunks that LangChain assembles into tool_calls', async () => {
    const { chunks, message } = await streamed(model, [system(), new HumanMessage('add a task to call the bank tomorrow')]);
    expect(chunks.some((c) => c.tool_call_chunks?.length)).toBe(true);
    expect(message.tool_calls).toEqual([
      expect.objectContaining({
        name: 'create_task',
        args: { title: 'call the bank', dueAt: '2026-03-11T09:00:00+01:00' },
        id: expect.any(String),
      }),
    ]);
  });

  it('streams text word by word and answers from tool results', async () => {
    const call = { id: 'offline_0_0', name: 'create_task', args: { title: 'call the bank' }, type: 'tool_call' as const };
    const { chunks, message } = await streamed(model, [
      system(),
      new HumanMessage('add a task to call the bank'),
      new AIMessage({ content: '', tool_calls: [call] }),
      new ToolMessage({
        tool_call_id: call.id,
        content: JSON.stringify({ ok: true, task: { taskId: 't_1', title: 'call the bank', status: 'open' } }),
      }),
    ]);
    expect(chunks.length).toBeGreaterThan(3);
    expect(message.content).toBe('Added "call the bank" to your tasks.');
    expect(message.tool_calls).toEqual([]);
  });

  it('calls only the tools it was given', async () => {
    const bare = new OfflineChatModel().bindTools([{ name: 'list_tasks' }]);
    const reply = await bare.invoke([system(), new HumanMessage('upgrade me to pro')]);
    expect(reply.tool_calls).toEqual([]);
    expect(reply.content).toMatch(/offline assistant/);
  });

  it('answers a question from the memories in its prompt, and from earlier turns', async () => {
    const fromMemory = await model.invoke([
      system([{ date: '2026-02-01', role: 'user', text: 'our wifi password is lemon-tree' }]),
      new HumanMessage("what's the wifi password?"),
    ]);
    expect(fromMemory.content).toContain('lemon-tree');
    const fromTurn = await model.invoke([
      system(),
      new HumanMessage('I parked on level 3'),
      new AIMessage('Noted.'),
      new HumanMessage('where did I park?'),
    ]);
    expect(fromTurn.content).toContain('level 3');
    const unknown = await model.invoke([system(), new HumanMessage('where did I park?')]);
    expect(unknown.content).toMatch(/don't know/);
  });

  it('streams the question it asks with what it is building, and completes it from the answer the prompt carries', async () => {
    const { message: question } = await streamed(model, [system(), new HumanMessage('remind me to call the accountant')]);
    expect(question.tool_calls).toEqual([]);
    const pending = question.additional_kwargs.pending;
    expect(pending).toEqual({ name: 'schedule_reminder', args: { title: 'call the accountant' }, missing: 'dueAt' });

    const withQuestion = new SystemMessage(
      systemPrompt({
        now,
        timezone: 'Europe/Paris',
        memories: [],
        pending: pending as { name: string; args: Record<string, unknown>; missing: string },
      }),
    );
    const { message: answer } = await streamed(model, [
      withQuestion,
      new HumanMessage('remind me to call the accountant'),
      new AIMessage(String(question.content)),
      new HumanMessage('tomorrow at 10am'),
    ]);
    expect(answer.tool_calls).toEqual([
      expect.objectContaining({ name: 'schedule_reminder', args: { title: 'call the accountant', dueAt: '2026-03-11T10:00:00+01:00' } }),
    ]);
    expect(answer.additional_kwargs.pending).toBeUndefined();
  });

  it("summarises a transcript from the user's own statements", async () => {
    const reply = await model.invoke([
      new SystemMessage(SUMMARY_INSTRUCTION),
      new HumanMessage('user: hi\nassistant: Hello!\nuser: my budget for March is 4,000 euros\nassistant: Noted.'),
    ]);
    expect(reply.content).toBe('- The user said: my budget for March is 4,000 euros');
  });
});
