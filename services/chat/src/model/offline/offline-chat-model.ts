import type { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager';
import { BaseChatModel, type BaseChatModelParams, type BindToolsInput } from '@langchain/core/language_models/chat_models';
import { AIMessage, AIMessageChunk, type BaseMessage, type ToolCall } from '@langchain/core/messages';
import { ChatGenerationChunk, type ChatResult } from '@langchain/core/outputs';
import { readPrompt, SUMMARY_INSTRUCTION } from '../../context/prompt.js';
import { answerFromDocuments } from './document-answer.js';
import { answerFromMemory, type Remembered } from './memory-answer.js';
import { recognise, type PendingCall } from './recogniser.js';
import { describeOutcomes, type ToolOutcome } from './responder.js';
import { secondPerson } from './second-person.js';
import { summarise } from './summary.js';

/** What the model decided to say or do for one turn. */
interface Decision {
  readonly text: string;
  readonly toolCalls: readonly ToolCall[];
  /** The question this turn asks, for the reply runner to keep with the conversation. */
  readonly pending?: PendingCall;
}

const PENDING_SLOTS: ReadonlySet<string> = new Set<PendingCall['missing']>([
  'dueAt',
  'title',
  'filename',
  'displayName',
  'company',
  'timezone',
]);

export const OFFLINE_CAPABILITIES =
  'I\'m TaskSensei\'s offline assistant: no language model is connected, so I work from patterns rather than free conversation. I can add tasks ("add a task to call Sam"), list them and mark them done, schedule reminders ("remind me tomorrow at 9 to pay rent"), get an upload link ("upload report.pdf, 2 MB"), start an upgrade to Pro, change your name, company or time zone, and recall what you told me before.';
export const OFFLINE_LIMITS =
  "I'm the offline assistant: no language model is connected, so I can't chat freely, answer general-knowledge questions, write, summarise or translate text, or do anything beyond the automations: tasks, reminders, upload links, upgrades, profile changes and recalling what you told me. An operator can connect a model (LLM_BASE_URL) for everything else.";
const NOTHING_REMEMBERED = "I don't know that yet: I can't find it in anything you've told me. Tell me and I'll remember it.";
const OFFLINE_UNKNOWN =
  'I\'m the offline assistant (no language model is connected), so I can\'t help with that one. I can manage your tasks and reminders, get upload links, start an upgrade, update your profile and recall what you told me; try "remind me tomorrow at 9 to call the bank".';

/**
 * The model that answers when no LLM endpoint is configured: a LangChain chat model like any
 * other (bindTools, streaming, tool calls as `tool_call_chunks`), so the agent loop, the tools
 * and the streaming code are the same for it and for a real model. Underneath it is a
 * recogniser (intent and arguments, dates in the user's zone from the system prompt) and
 * answers composed from tool results and recalled memories.
 */
export class OfflineChatModel extends BaseChatModel {
  private tools: readonly string[] = [];
  /** A pause before each streamed word (OFFLINE_TOKEN_DELAY_MS): a pace a person can watch, and stop. */
  private readonly tokenDelayMs: number;

  constructor(fields: BaseChatModelParams & { tokenDelayMs?: number } = {}) {
    super(fields);
    this.tokenDelayMs = fields.tokenDelayMs ?? 0;
  }

  static override lc_name(): string {
    return 'OfflineChatModel';
  }

  _llmType(): string {
    return 'tasksensei-offline';
  }

  override bindTools(tools: BindToolsInput[]): OfflineChatModel {
    const bound = new OfflineChatModel({ callbacks: this.callbacks, tokenDelayMs: this.tokenDelayMs });
    bound.tools = tools.map(toolName).filter((n): n is string => Boolean(n));
    return bound;
  }

  async _generate(
    messages: BaseMessage[],
    _options: this['ParsedCallOptions'],
    runManager?: CallbackManagerForLLMRun,
  ): Promise<ChatResult> {
    const decision = this.decide(messages);
    if (decision.text) await runManager?.handleLLMNewToken(decision.text);
    return {
      generations: [
        {
          text: decision.text,
          message: new AIMessage({
            content: decision.text,
            tool_calls: [...decision.toolCalls],
            additional_kwargs: decision.pending ? { pending: decision.pending } : {},
          }),
        },
      ],
    };
  }

  override async *_streamResponseChunks(
    messages: BaseMessage[],
    options: this['ParsedCallOptions'],
    runManager?: CallbackManagerForLLMRun,
  ): AsyncGenerator<ChatGenerationChunk> {
    const decision = this.decide(messages);
    for (const piece of decision.text.match(/\S+\s*|\s+/g) ?? []) {
      if (this.tokenDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.tokenDelayMs));
      if (options.signal?.aborted) return;
      const chunk = new ChatGenerationChunk({ text: piece, message: new AIMessageChunk({ content: piece }) });
      yield chunk;
      await runManager?.handleLLMNewToken(piece, undefined, undefined, undefined, undefined, { chunk });
    }
    if (decision.pending)
      yield new ChatGenerationChunk({
        text: '',
        message: new AIMessageChunk({ content: '', additional_kwargs: { pending: decision.pending } }),
      });
    for (const [index, call] of decision.toolCalls.entries()) {
      yield new ChatGenerationChunk({
        text: '',
        message: new AIMessageChunk({
          content: '',
          tool_call_chunks: [{ type: 'tool_call_chunk', id: call.id, name: call.name, args: JSON.stringify(call.args), index }],
        }),
      });
    }
  }

  private decide(messages: BaseMessage[]): Decision {
    const system = messages.find((m) => m.getType() === 'system');
    const systemText = system ? textContent(system) : '';
    const facts = readPrompt(systemText);
    const last = messages.at(-1);
    if (!last) return { text: OFFLINE_UNKNOWN, toolCalls: [] };

    if (systemText.includes(SUMMARY_INSTRUCTION)) return { text: summarise(textContent(last), facts.summary), toolCalls: [] };
    if (last.getType() === 'tool') return { text: describeOutcomes(toolOutcomes(messages), facts.timezone), toolCalls: [] };

    const text = textContent(last);
    // Only on the user's turn right after the question: a later turn of the same reply has tool results.
    const pending = facts.pending && PENDING_SLOTS.has(facts.pending.missing) ? (facts.pending as PendingCall) : undefined;
    const recognition = recognise(text, { now: facts.now, timezone: facts.timezone }, pending);
    // A question the user's files answer (passages in the prompt) is answered by quoting them.
    const fromDocuments = facts.passages ? answerFromDocuments(text, facts.passages) : undefined;
    if (fromDocuments && (recognition.kind === 'memory-question' || recognition.kind === 'unknown'))
      return { text: fromDocuments, toolCalls: [] };
    switch (recognition.kind) {
      case 'calls': {
        const step = messages.filter((m) => m.getType() === 'ai').length;
        const calls = recognition.calls.filter((c) => this.tools.includes(c.name));
        if (calls.length === 0) return { text: OFFLINE_UNKNOWN, toolCalls: [] };
        return {
          text: '',
          toolCalls: calls.map((c, i) => ({ type: 'tool_call', id: `offline_${step}_${i}`, name: c.name, args: c.args })),
        };
      }
      case 'ask':
        return {
          text: recognition.text,
          toolCalls: [],
          ...(recognition.pending && this.tools.includes(recognition.pending.name) ? { pending: recognition.pending } : {}),
        };
      case 'say':
        return { text: recognition.text, toolCalls: [] };
      case 'smalltalk':
        return { text: smallTalkReply(recognition.topic), toolCalls: [] };
      case 'memory-question': {
        const earlier: Remembered[] = messages
          .slice(0, -1)
          .filter((m) => m.getType() === 'human')
          .reverse()
          .map((m) => ({ text: textContent(m), role: 'user' as const }));
        const answer = answerFromMemory(text, [...earlier, ...facts.memories]);
        return { text: answer ?? (recognition.personal ? NOTHING_REMEMBERED : OFFLINE_UNKNOWN), toolCalls: [] };
      }
      case 'fact':
        return { text: `Noted: ${secondPerson(text)}. I'll remember that.`, toolCalls: [] };
      case 'unknown':
        return { text: OFFLINE_UNKNOWN, toolCalls: [] };
    }
  }
}

function smallTalkReply(topic: 'greeting' | 'thanks' | 'identity' | 'capabilities' | 'limits' | 'goodbye'): string {
  switch (topic) {
    case 'greeting':
      return 'Hello! What can I do for you? I can manage tasks and reminders, upload links, upgrades and your profile.';
    case 'thanks':
      return "You're welcome!";
    case 'goodbye':
      return 'Bye for now!';
    case 'identity':
    case 'capabilities':
      return OFFLINE_CAPABILITIES;
    case 'limits':
      return OFFLINE_LIMITS;
  }
}

/** The tool calls of the last model turn with the results that answered them. */
function toolOutcomes(messages: BaseMessage[]): ToolOutcome[] {
  const results = new Map<string, Record<string, unknown>>();
  let i = messages.length - 1;
  for (; i >= 0 && messages[i]!.getType() === 'tool'; i--) {
    const message = messages[i] as BaseMessage & { tool_call_id?: string };
    results.set(message.tool_call_id ?? '', parseJson(textContent(message)));
  }
  const call = messages[i];
  const calls = call instanceof AIMessage || call instanceof AIMessageChunk ? (call.tool_calls ?? []) : [];
  return calls.map((c) => ({
    name: c.name,
    args: c.args,
    result: results.get(c.id ?? '') ?? { ok: false, error: 'no_result', message: 'no result' },
  }));
}

function parseJson(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : { ok: true, value };
  } catch {
    return { ok: false, error: 'failed', message: text };
  }
}

export function textContent(message: BaseMessage): string {
  const content = message.content;
  if (typeof content === 'string') return content;
  return content
    .map((part) => (typeof part === 'string' ? part : part.type === 'text' && 'text' in part ? String(part.text) : ''))
    .join('');
}

function toolName(tool: BindToolsInput): string | undefined {
  const candidate = tool as { name?: unknown; function?: { name?: unknown } };
  if (typeof candidate.name === 'string') return candidate.name;
  if (typeof candidate.function?.name === 'string') return candidate.function.name;
  return undefined;
}
