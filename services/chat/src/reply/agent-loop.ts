import type { BaseLanguageModelInput } from '@langchain/core/language_models/base';
import { AIMessage, ToolMessage, type AIMessageChunk, type BaseMessage, type ToolCall } from '@langchain/core/messages';
import type { Runnable } from '@langchain/core/runnables';
import { concat } from '@langchain/core/utils/stream';

export type ToolBoundModel = Runnable<BaseLanguageModelInput, AIMessageChunk>;

export interface AgentHooks {
  /** A piece of the answer as the model streams it. */
  onText(delta: string): void;
  /** Runs one tool call (the index counts calls across the whole reply) and answers its result. */
  runTool(call: ToolCall, index: number): Promise<string>;
}

/** The model (endpoint or offline) failed: the reply cannot go on without it. */
export class ModelError extends Error {
  constructor(override readonly cause: unknown) {
    super(`the model failed: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'ModelError';
  }
}

export interface AgentResult {
  readonly text: string;
  /** What the model's last turn left open (the offline model's question, in `additional_kwargs.pending`). */
  readonly pending?: unknown;
  readonly steps: number;
  readonly toolCalls: number;
}

/**
 * The tool-calling agent, one loop for every model (OpenAI-compatible or offline): stream a model
 * turn, forward its text as it comes, and when the turn ends with tool calls, run them in order,
 * append their results and ask again, until the model answers without tools or the step budget
 * ends. Written by hand over `bindTools` + `stream` rather than a prebuilt graph so tool calls run
 * in a fixed order with a stable index: that index is what makes a retried reply idempotent.
 */
export async function runAgent(
  model: ToolBoundModel,
  messages: readonly BaseMessage[],
  maxSteps: number,
  hooks: AgentHooks,
  signal?: AbortSignal,
): Promise<AgentResult> {
  const conversation = [...messages];
  let text = '';
  let toolCalls = 0;
  for (let step = 0; step < maxSteps; step++) {
    let turn: AIMessageChunk | undefined;
    let turnText = '';
    for await (const chunk of modelStream(model, conversation, signal)) {
      const delta =
        typeof chunk.content === 'string'
          ? chunk.content
          : chunk.content.map((p) => (typeof p === 'string' ? p : 'text' in p ? String(p.text) : '')).join('');
      if (delta) {
        // Text of an earlier turn and of this one read as two paragraphs, in the stream as in the result.
        if (!turnText && text) {
          hooks.onText('\n\n');
          text += '\n\n';
        }
        hooks.onText(delta);
        turnText += delta;
        text += delta;
      }
      turn = turn ? concat(turn, chunk) : chunk;
    }
    const calls = turn?.tool_calls ?? [];
    const pending: unknown = turn?.additional_kwargs?.pending;
    if (calls.length === 0) return { text, steps: step + 1, toolCalls, ...(pending ? { pending } : {}) };
    conversation.push(new AIMessage({ content: turnText, tool_calls: calls }));
    for (const call of calls) {
      const result = await hooks.runTool(call, toolCalls++);
      conversation.push(new ToolMessage({ content: result, tool_call_id: call.id ?? `call_${toolCalls}`, name: call.name }));
    }
  }
  const cut = 'I had to stop here: that took more steps than I may take for one message.';
  hooks.onText(text ? `\n\n${cut}` : cut);
  return { text: text ? `${text}\n\n${cut}` : cut, steps: maxSteps, toolCalls };
}

/** The model's stream with its failures (connection, HTTP, parsing) told apart from ours. */
async function* modelStream(model: ToolBoundModel, conversation: BaseMessage[], signal?: AbortSignal): AsyncGenerator<AIMessageChunk> {
  let stream: AsyncIterable<AIMessageChunk>;
  try {
    stream = await model.stream(conversation, { ...(signal ? { signal } : {}) });
  } catch (error) {
    throw signal?.aborted ? error : new ModelError(error);
  }
  const iterator = stream[Symbol.asyncIterator]();
  for (;;) {
    let next: IteratorResult<AIMessageChunk>;
    try {
      next = await iterator.next();
    } catch (error) {
      throw signal?.aborted ? error : new ModelError(error);
    }
    if (next.done) return;
    yield next.value;
  }
}
