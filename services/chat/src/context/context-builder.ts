import { AIMessage, HumanMessage, SystemMessage, type BaseMessage } from '@langchain/core/messages';
import type { ConversationRecord, ConversationStore, PendingQuestion } from '../conversations/conversation.store.js';
import type { MessageRecord, MessageStore } from '../conversations/message.store.js';
import type { DocumentHit } from '../documents/chunks/document-chunk.js';
import { passageLabel, type DocumentRetriever } from '../documents/search/document-retriever.js';
import type { MemoryStore } from '../memory/memory.store.js';
import { newBlockId } from './data-block.js';
import { systemPrompt } from './prompt.js';
import { estimateTokens } from './token-estimate.js';

export interface ContextOptions {
  /** Everything the model sees, in estimated tokens. */
  readonly tokenBudget: number;
  readonly memoryResults: number;
  readonly recentMessages: number;
  /** Unsummarised messages beyond the recent ones that call for a new summary. */
  readonly summaryAfter: number;
}

export interface ContextRequest {
  readonly userId: string;
  readonly conversationId: string;
  /** Position of the message being answered: history is everything before it. */
  readonly position: string;
  readonly messageIds: readonly string[];
  readonly text: string;
  readonly now: Date;
  /** The user's zone, or its look-up: it is awaited together with the reads. */
  readonly timezone: string | Promise<string>;
  /** The conversation, when the caller has just read it: not read again. */
  readonly conversation?: ConversationRecord;
}

/** Older messages that no longer fit verbatim: what the summariser should fold in. */
export interface SummaryPlan {
  readonly records: readonly MessageRecord[];
  readonly through: string;
  readonly previous?: string;
}

export interface BuiltContext {
  readonly messages: BaseMessage[];
  /** The assistant's open question this message may answer. */
  readonly pending?: PendingQuestion;
  readonly memoriesUsed: number;
  readonly historyUsed: number;
  readonly summaryPlan?: SummaryPlan;
  /** Passages of the user's files given to the model; passage `[n]` is `passages[n - 1]`. */
  readonly passages: readonly DocumentHit[];
}

/** Shares of the budget: memories and the summary never crowd out the recent turns entirely. */
const MEMORY_SHARE = 0.3;
const SUMMARY_SHARE = 0.2;
/** Passages of the user's files: what a question about a document needs most. */
const DOCUMENT_SHARE = 0.4;

/**
 * What the model sees for one reply, within a token budget: the instructions with the time in
 * the user's zone, the conversation's summary, the user's most relevant earlier messages from
 * memory (their own only: the store filters by user), then the recent turns newest-first as far
 * as they fit, then the message itself. History older than the recent window, or that did not
 * fit, is handed to the summariser so a long conversation stops growing.
 */
export class ContextBuilder {
  constructor(
    private readonly conversations: ConversationStore,
    private readonly messages: MessageStore,
    private readonly memory: MemoryStore,
    private readonly options: ContextOptions,
    private readonly documents?: DocumentRetriever,
  ) {}

  async build(request: ContextRequest): Promise<BuiltContext> {
    const [conversation, records, hits, documentHits, timezone] = await Promise.all([
      request.conversation ?? this.conversations.get(request.userId, request.conversationId),
      this.messages.list(request.conversationId),
      // Extra results: hits already in the recent turns are dropped below.
      this.options.memoryResults > 0
        ? this.memory.search(request.userId, request.text, this.options.memoryResults + this.options.recentMessages)
        : Promise.resolve([]),
      this.documents ? this.documents.retrieve(request.userId, request.text) : Promise.resolve([]),
      request.timezone,
    ]);
    const through = conversation?.summarizedThrough;
    const history = records.filter(
      (r) =>
        r.position < request.position &&
        (!through || r.position > through) &&
        (r.role !== 'assistant' || r.state === 'completed') &&
        r.text.trim() !== '',
    );

    const budget = this.options.tokenBudget;
    let summary = conversation?.summary;
    if (summary && estimateTokens(summary) > budget * SUMMARY_SHARE)
      summary = `${summary.slice(0, Math.floor(budget * SUMMARY_SHARE * 4))}…`;
    // Passages first, best first, as far as their share of the budget goes.
    const passages: DocumentHit[] = [];
    let documentBudget = budget * DOCUMENT_SHARE;
    for (const hit of documentHits) {
      const cost = estimateTokens(hit.text) + 12;
      if (cost > documentBudget) continue;
      passages.push(hit);
      documentBudget -= cost;
    }
    const documents =
      passages.length > 0
        ? { blockId: newBlockId(), passages: passages.map((p) => ({ label: passageLabel(p), text: p.text })) }
        : undefined;
    const pending = conversation?.pending;
    let remaining =
      budget -
      estimateTokens(
        systemPrompt({
          now: request.now,
          timezone,
          ...(summary ? { summary } : {}),
          ...(pending ? { pending } : {}),
          memories: [],
          ...(documents ? { documents } : {}),
        }),
      ) -
      estimateTokens(request.text);

    // The recent window first (it is what makes a reply coherent), then memories in what is left.
    const window = history.slice(-this.options.recentMessages);
    const kept: MessageRecord[] = [];
    for (let i = window.length - 1; i >= 0; i--) {
      const cost = estimateTokens(window[i]!.text);
      if (cost > remaining - Math.min(budget * MEMORY_SHARE, 200)) break;
      kept.unshift(window[i]!);
      remaining -= cost;
    }
    const present = new Set([...kept.map((r) => r.messageId), ...request.messageIds]);
    const memories: { date: string; role: 'user' | 'assistant'; text: string }[] = [];
    let memoryBudget = Math.min(remaining, budget * MEMORY_SHARE);
    for (const hit of hits) {
      if (memories.length >= this.options.memoryResults) break;
      if (present.has(hit.id) || hit.score <= 0) continue;
      const cost = estimateTokens(hit.text) + 6;
      if (cost > memoryBudget) continue;
      memories.push({ date: hit.createdAt.slice(0, 10), role: hit.role, text: hit.text });
      memoryBudget -= cost;
    }

    const messages: BaseMessage[] = [
      new SystemMessage(
        systemPrompt({
          now: request.now,
          timezone,
          ...(summary ? { summary } : {}),
          ...(pending ? { pending } : {}),
          memories,
          ...(documents ? { documents } : {}),
        }),
      ),
      ...toModelMessages(kept),
      new HumanMessage(request.text),
    ];
    const unsummarised = history.length - kept.length;
    const summaryPlan =
      unsummarised > 0 && (history.length > this.options.recentMessages + this.options.summaryAfter || kept.length < window.length)
        ? {
            records: history.slice(0, unsummarised),
            through: history[unsummarised - 1]!.position,
            ...(conversation?.summary ? { previous: conversation.summary } : {}),
          }
        : undefined;
    return {
      messages,
      memoriesUsed: memories.length,
      historyUsed: kept.length,
      ...(summaryPlan ? { summaryPlan } : {}),
      ...(pending ? { pending } : {}),
      passages,
    };
  }
}

/**
 * Stored turns as chat messages. Tool runs of earlier turns become a note in the assistant's
 * message (a tool message must answer a tool call of the same request, which these no longer have).
 */
export function toModelMessages(records: readonly MessageRecord[]): BaseMessage[] {
  const result: BaseMessage[] = [];
  let notes: string[] = [];
  const flush = (text = '') => {
    const content = [...notes.map((n) => `[${n}]`), text].filter(Boolean).join('\n');
    if (content) result.push(new AIMessage(content));
    notes = [];
  };
  for (const record of records) {
    if (record.role === 'tool') notes.push(record.text);
    else if (record.role === 'assistant') flush(record.text);
    else {
      flush();
      result.push(new HumanMessage(record.text));
    }
  }
  flush();
  return result;
}
