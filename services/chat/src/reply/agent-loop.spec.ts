import { AIMessageChunk, HumanMessage, SystemMessage } from '@langchain/core/messages';
import { systemPrompt } from '../context/prompt.js';
import { OfflineChatModel } from '../model/offline/offline-chat-model.js';
import { runAgent, ModelError, type ToolBoundModel } from './agent-loop.js';
import { IterableReadableStream } from '@langchain/core/utils/stream';
import { fakeOf } from '../../../../test/support/fakes.js';

/** A model's stream: the chunks in order, then the failure if one is given. */
function chunks(items: AIMessageChunk[], failure?: Error): IterableReadableStream<AIMessageChunk> {
  return IterableReadableStream.fromAsyncGenerator(
    (async function* () {
      yield* items;
      if (failure) throw failure;
    })(),
  );
}

const prompt = new SystemMessage(systemPrompt({ now: new Date('2026-03-10T13:00:00Z'), timezone: 'UTC', memories: [] }));

describe('the agent loop', () => {
  it('streams text, runs the tool calls in order with their index, and answers from the results', async () => {
    const model = new OfflineChatModel().bindTools([{ name: 'create_task' }]) as ToolBoundModel;
    const text: string[] = [];
    const calls: [string, number][] = [];
    const result = await runAgent(model, [prompt, new HumanMessage('add a task to call Sam')], 4, {
      onText: (delta) => text.push(delta),
      runTool: (call, index) => {
        calls.push([call.name, index]);
        return Promise.resolve(JSON.stringify({ ok: true, task: { taskId: 't1', title: call.args.title as string, status: 'open' } }));
      },
    });
    expect(calls).toEqual([['create_task', 0]]);
    expect(result).toEqual({ text: 'Added "call Sam" to your tasks.', steps: 2, toolCalls: 1 });
    expect(text.join('')).toBe(result.text);
  });

  it('stops a model that never stops calling tools', async () => {
    const looping = fakeOf<ToolBoundModel>({
      stream: () =>
        Promise.resolve(
          chunks([
            new AIMessageChunk({
              content: '',
              tool_call_chunks: [{ type: 'tool_call_chunk', id: 'x', name: 'list_tasks', args: '{}', index: 0 }],
            }),
          ]),
        ),
    });
    let runs = 0;
    const result = await runAgent(looping, [prompt], 3, { onText: () => undefined, runTool: () => Promise.resolve(String(++runs)) });
    expect(runs).toBe(3);
    expect(result.text).toMatch(/had to stop/);
  });

  it('tells model failures apart from its own', async () => {
    const broken = fakeOf<ToolBoundModel>({
      stream: () => Promise.resolve(chunks([new AIMessageChunk({ content: 'Hel' })], new Error('socket hang up'))),
    });
    await expect(runAgent(broken, [prompt], 3, { onText: () => undefined, runTool: () => Promise.resolve('') })).rejects.toBeInstanceOf(
      ModelError,
    );
  });
});
