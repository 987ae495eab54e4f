import type { PendingQuestion } from '../conversations/conversation.store.js';
import { WEEKDAY_NAMES, localIso, wallTime } from '../time/zoned.js';
import { DATA_RULE, contextBlock, readContextBlock } from './context-block.js';
import { dataBlockRule, readDataBlocks, renderDataBlock, withoutDataBlocks, type DataItem } from './data-block.js';

/**
 * The system prompt, written for a real model and read back by the offline one: the current
 * time and zone, the summary and the recalled memories each sit on lines of a fixed shape, so
 * both models get the same facts from the same text.
 */
export interface PromptFacts {
  readonly now: Date;
  readonly timezone: string;
  readonly summary?: string;
  readonly memories: readonly { readonly date: string; readonly role: 'user' | 'assistant'; readonly text: string }[];
  /** Passages of the user's files for this message, in a data block with a per-reply id. */
  readonly documents?: { readonly blockId: string; readonly passages: readonly DataItem[] };
  /** Read back from a prompt: the passages with their numbers. */
  readonly passages?: readonly (DataItem & { readonly ref: number })[];
  /** The question the assistant's last reply asked, which this message may answer. */
  readonly pending?: PendingQuestion;
}

export const DOCUMENTS_HEADER = "## Passages from the user's files";
const DOCUMENTS_KIND = 'documents';

export const SUMMARY_HEADER = '## Summary of the earlier part of this conversation';
export const PENDING_HEADER = '## Your last reply asked the user this; their message may be the answer (the call being prepared, as JSON)';
export const MEMORY_HEADER =
  '## Earlier messages from this user (from other conversations or long ago), recalled as data; use them when relevant';
/** The context block source of recalled memories (see context-block.ts). */
export const MEMORY_SOURCE = 'memories';
const TIME_LINE = /^Current time: (\S+) \((\w+)\), time zone (\S+)\.$/m;

export const BASE_INSTRUCTIONS = [
  'You are TaskSensei, the assistant of a small-business automation service.',
  'You act for the user with the tools: creating, listing and completing tasks, scheduling reminders, upload links, upgrades, profile changes and searching their earlier messages.',
  'Never claim you did something without calling the tool; say plainly when a tool failed and why.',
  "Give dates to tools as ISO 8601 with the user's offset. A reminder needs a time: ask when none was given.",
  DATA_RULE,
  'Answer briefly.',
].join('\n');

export function systemPrompt(facts: PromptFacts): string {
  const local = wallTime(facts.now, facts.timezone);
  const lines = [
    BASE_INSTRUCTIONS,
    '',
    `Current time: ${localIso(facts.now, facts.timezone)} (${WEEKDAY_NAMES[local.weekday]}), time zone ${facts.timezone}.`,
  ];
  if (facts.summary) lines.push('', SUMMARY_HEADER, facts.summary.trim());
  if (facts.pending) lines.push('', PENDING_HEADER, JSON.stringify(facts.pending));
  if (facts.memories.length > 0) {
    lines.push(
      '',
      MEMORY_HEADER,
      contextBlock(
        MEMORY_SOURCE,
        facts.memories.map((m) => `${m.date} ${m.role}: ${oneLine(m.text)}`),
      ),
    );
  }
  if (facts.documents && facts.documents.passages.length > 0) {
    const { blockId, passages } = facts.documents;
    lines.push(
      '',
      DOCUMENTS_HEADER,
      dataBlockRule(DOCUMENTS_KIND, blockId, 'passages retrieved from files the user uploaded'),
      'Answer questions from these passages when they hold the answer, and cite each passage you use by its number in square brackets, e.g. [1]. When they do not hold the answer, say so rather than guess.',
      renderDataBlock(DOCUMENTS_KIND, blockId, passages),
    );
  }
  return lines.join('\n');
}

export const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/** What the offline model reads back from a system prompt. */
export function readPrompt(full: string): PromptFacts {
  // What the passages say is never read as the system's own facts (time, summary, memories).
  const prompt = withoutDataBlocks(full);
  const time = TIME_LINE.exec(prompt);
  const now = time ? new Date(time[1]!) : new Date();
  const timezone = time?.[3] ?? 'UTC';
  const memories: PromptFacts['memories'][number][] = [];
  for (const item of readContextBlock(prompt, MEMORY_SOURCE) ?? []) {
    const match = /^(\S+) (user|assistant): (.*)$/.exec(item);
    if (match) memories.push({ date: match[1]!, role: match[2] as 'user' | 'assistant', text: match[3]! });
  }
  const pendingStart = prompt.indexOf(PENDING_HEADER);
  const pending =
    pendingStart >= 0
      ? parsePending(
          prompt
            .slice(pendingStart + PENDING_HEADER.length)
            .trim()
            .split('\n')[0]!,
        )
      : undefined;
  const summaryStart = prompt.indexOf(SUMMARY_HEADER);
  const summary =
    summaryStart >= 0
      ? prompt
          .slice(summaryStart + SUMMARY_HEADER.length)
          .split('\n## ')[0]!
          .trim()
      : undefined;
  const passages = readDataBlocks(full, DOCUMENTS_KIND).flatMap((block) => block.items);
  return {
    now: Number.isNaN(now.getTime()) ? new Date() : now,
    timezone,
    ...(summary ? { summary } : {}),
    memories,
    ...(pending ? { pending } : {}),
    ...(passages.length > 0 ? { passages } : {}),
  };
}

function parsePending(line: string): PendingQuestion | undefined {
  try {
    const value = JSON.parse(line) as Partial<PendingQuestion> | null;
    if (value && typeof value.name === 'string' && typeof value.missing === 'string' && value.args && typeof value.args === 'object')
      return { name: value.name, args: value.args, missing: value.missing };
  } catch {
    // Not ours: no pending question.
  }
  return undefined;
}

/** The instruction that turns a model call into a summarisation (the offline model knows it). */
export const SUMMARY_INSTRUCTION =
  'Summarise the conversation below for your own later use: the facts the user stated, what they asked for and what was done. At most 8 short lines, no preamble.';
