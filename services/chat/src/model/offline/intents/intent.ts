import { localIso } from '../../../time/zoned.js';
import type { FoundDate } from '../dates.js';
import type { Token } from '../tokens.js';

export interface ToolCallIntent {
  readonly name: string;
  readonly args: Record<string, unknown>;
}

/**
 * A question the assistant asked and the next message may answer: the call it is building, with
 * the one argument it still lacks. Stored with the conversation (not in process memory), since
 * any replica may take the next message.
 */
export interface PendingCall {
  readonly name: string;
  readonly args: Record<string, unknown>;
  readonly missing: 'dueAt' | 'title' | 'filename' | 'displayName' | 'company' | 'timezone';
}

/** What the offline model understood a message to ask. */
export type Recognition =
  | { readonly kind: 'calls'; readonly calls: readonly ToolCallIntent[] }
  | { readonly kind: 'ask'; readonly text: string; readonly pending?: PendingCall }
  | { readonly kind: 'say'; readonly text: string }
  | { readonly kind: 'smalltalk'; readonly topic: 'greeting' | 'thanks' | 'identity' | 'capabilities' | 'limits' | 'goodbye' }
  | { readonly kind: 'memory-question'; readonly personal: boolean }
  | { readonly kind: 'fact' }
  | { readonly kind: 'unknown' };

export interface RecogniserContext {
  readonly now: Date;
  readonly timezone: string;
}

/** One message (or one clause of it) as the detectors see it. */
export interface Message {
  readonly source: string;
  readonly tokens: readonly Token[];
  readonly date: FoundDate | undefined;
  readonly question: boolean;
  readonly context: RecogniserContext;
}

/** A candidate reading: strong ones are explicit commands; the earliest strong one wins. */
export interface Candidate {
  readonly strong: boolean;
  readonly at: number;
  readonly build: () => Recognition;
}

export const QUESTION_WORDS = new Set([
  'what',
  'whats',
  'where',
  'wheres',
  'when',
  'whens',
  'who',
  'whos',
  'whom',
  'which',
  'why',
  'how',
  'hows',
  'do',
  'does',
  'did',
  'is',
  'are',
  'am',
  'was',
  'were',
  'can',
  'could',
  'would',
  'will',
  'have',
  'has',
  'should',
]);
const PERSONAL = new Set(['my', 'our', 'i', 'me', 'we', 'mine', 'ours', 'im', 'ive', 'id']);
export const isPersonal = (tokens: readonly Token[]) => tokens.some((t) => PERSONAL.has(t.norm));
/** Words allowed before a command without being part of what is asked ("could you please ..."). */
export const LEAD_IN = new Set([
  'can',
  'could',
  'would',
  'will',
  'you',
  'please',
  'hey',
  'ok',
  'okay',
  'so',
  'also',
  'and',
  'just',
  'now',
  'then',
  'quick',
  'quickly',
  'oh',
  'hi',
  'hello',
  'assistant',
  'sensei',
  'tasksensei',
  'kindly',
  'maybe',
]);

export function leadIn(tokens: readonly Token[], at: number): number {
  let from = at;
  while (from > 0 && (LEAD_IN.has(tokens[from - 1]!.norm) || /^[,!]$/.test(tokens[from - 1]!.text))) from--;
  return from;
}

export const dueArg = (m: Message) => (m.date ? { dueAt: localIso(m.date.instant, m.context.timezone) } : {});

export function indexAfterLeadIn(tokens: readonly Token[]): number {
  let i = 0;
  while (i < tokens.length && LEAD_IN.has(tokens[i]!.norm)) i++;
  return i;
}

export function extendConnectors(tokens: readonly Token[], to: number): number {
  let end = to;
  while (
    tokens[end] &&
    ['to', 'for', 'called', 'named', 'titled', 'that', ':', '-', 'me', 'about', '?', 'saying', 'which', 'is'].includes(tokens[end]!.norm)
  )
    end++;
  return end;
}

/** Words that turn a command down ("don't remind me", "no need to add", "never mind the reminder"). */
const NEGATIONS: readonly (readonly string[])[] = [
  ['dont'],
  ['do', 'not'],
  ['not'],
  ['never'],
  ['no', 'need'],
  ['doesnt'],
  ['wont'],
  ['shouldnt'],
  ['cancel'],
  ['nevermind'],
];

/** Whether the words before a command (from `from` up to `at`) negate it. */
export function negatedBefore(tokens: readonly Token[], from: number, at: number): boolean {
  for (let i = from; i < at; i++) if (NEGATIONS.some((n) => n.every((word, k) => i + k < at && tokens[i + k]!.norm === word))) return true;
  return false;
}
