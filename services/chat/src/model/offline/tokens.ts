import { fuzzyEquals } from '../../text/edit-distance.js';
import { isEnglishWord } from '../../text/english-words.js';
import { fold } from '../../text/tokens.js';
import { KNOWN_EXTENSIONS } from '../../automations/remote/content-types.js';
import { ABBREVIATIONS, COMMAND_WORDS, DATE_WORDS, PROTECTED } from './lexicon.js';

export type TokenKind = 'word' | 'number' | 'file' | 'punct';

/** A piece of the user's text: `text` as typed, `norm` as the recogniser reads it. */
export interface Token {
  readonly text: string;
  readonly norm: string;
  readonly start: number;
  readonly end: number;
  readonly kind: TokenKind;
}

const FILE = new RegExp(`[\\w\\-()]+\\.(?:${KNOWN_EXTENSIONS.join('|')})(?![\\w])`, 'iy');
const NUMBER = /\d+(?:[.,:]\d+)*(?:st|nd|rd|th|am|pm|a\.m\.|p\.m\.|kb|mb|gb|k|m|g|b|h|min|mins|s)?(?![\w])/iy;
const WORD = /[\p{L}\d]+(?:['\u2019\u02bc][\p{L}]+)*(?:-[\p{L}\d]+)*/uy;
const PUNCT = /[^\s\p{L}\d]/uy;

/** Splits a message into words, numbers, file names and punctuation, each with its offsets. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    if (/\s/.test(text[i]!)) {
      i++;
      continue;
    }
    let matched: { text: string; kind: TokenKind } | undefined;
    for (const [pattern, kind] of [
      [FILE, 'file'],
      [NUMBER, 'number'],
      [WORD, 'word'],
      [PUNCT, 'punct'],
    ] as const) {
      pattern.lastIndex = i;
      const m = pattern.exec(text);
      if (m && m[0].length > 0) {
        matched = { text: m[0], kind };
        break;
      }
    }
    const piece = matched ?? { text: text[i]!, kind: 'punct' as const };
    // A capitalised word inside the sentence is a name ("Marc", "Ken"): never "corrected".
    const name = tokens.length > 0 && /^\p{Lu}\p{Ll}/u.test(piece.text);
    tokens.push({
      text: piece.text,
      norm: normalise(piece.text, piece.kind, name),
      start: i,
      end: i + piece.text.length,
      kind: piece.kind,
    });
    i += piece.text.length;
  }
  return mergeToDo(text, tokens);
}

/** "my to do list" is one thing, a todo; "what do I have to do" is not. */
function mergeToDo(text: string, tokens: Token[]): Token[] {
  const result: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const next = tokens[i + 1];
    const before = result.at(-1)?.norm ?? '';
    const after = tokens[i + 2]?.norm ?? '';
    if (
      t.norm === 'to' &&
      next?.norm === 'do' &&
      (['my', 'the', 'a', 'your', 'our', 'new', 'another', 'this', 'that'].includes(before) ||
        ['list', 'lists', 'item', 'items'].includes(after))
    ) {
      result.push({ text: text.slice(t.start, next.end), norm: 'todo', start: t.start, end: next.end, kind: 'word' });
      i++;
    } else result.push(t);
  }
  return result;
}

const VOCABULARY = [...new Set([...COMMAND_WORDS, ...DATE_WORDS])];

function normalise(text: string, kind: TokenKind, name: boolean): string {
  const folded = fold(text).replace(/['\u2019\u02bc]/g, '');
  if (kind !== 'word') return folded;
  const abbreviation = ABBREVIATIONS[folded] ?? ABBREVIATIONS[fold(text)];
  if (abbreviation) return abbreviation;
  return name ? folded : correct(folded);
}

/** A misspelt command or date word becomes the word; real words and anything else stay as typed. */
export function correct(word: string): string {
  if (word.length < 3 || VOCABULARY.includes(word) || PROTECTED.has(word) || /\d/.test(word) || isEnglishWord(word)) return word;
  let best: string | undefined;
  for (const candidate of VOCABULARY) {
    if (fuzzyEquals(word, candidate) && (!best || Math.abs(candidate.length - word.length) < Math.abs(best.length - word.length)))
      best = candidate;
  }
  return best ?? word;
}

/** The original text from token `from` to token `to` (exclusive), with its own spacing and punctuation. */
export function textOf(source: string, tokens: readonly Token[], from: number, to: number): string {
  if (from >= to || from >= tokens.length) return '';
  return source.slice(tokens[from]!.start, tokens[Math.min(to, tokens.length) - 1]!.end);
}

/**
 * A phrase to look for, word by word: `remind|ping me to|about?` (alternatives with `|`, a
 * trailing `?` makes a step optional, `_` matches any one token). Multi-word norms such as
 * "todo list" (from an abbreviation) match their first word's step.
 */
export type Phrase = readonly string[];

interface Step {
  readonly alternatives: readonly string[];
  readonly optional: boolean;
}

const compiled = new Map<Phrase, Step[]>();

function steps(phrase: Phrase): Step[] {
  let result = compiled.get(phrase);
  if (!result) {
    result = phrase.map((step) => ({ optional: step.endsWith('?') && step.length > 1, alternatives: step.replace(/\?$/, '').split('|') }));
    compiled.set(phrase, result);
  }
  return result;
}

function stepMatches(step: Step, token: Token | undefined): boolean {
  if (!token) return false;
  return step.alternatives.some((alt) => alt === '_' || token.norm === alt || token.norm.split(' ')[0] === alt);
}

/** Where the phrase matches starting exactly at token `at`: its end (exclusive), or -1. */
export function matchAt(tokens: readonly Token[], at: number, phrase: Phrase): number {
  const list = steps(phrase);
  const go = (s: number, t: number): number => {
    if (s === list.length) return t;
    const step = list[s]!;
    if (stepMatches(step, tokens[t])) {
      const end = go(s + 1, t + 1);
      if (end >= 0) return end;
    }
    return step.optional ? go(s + 1, t) : -1;
  };
  return go(0, at);
}

export interface Span {
  readonly from: number;
  readonly to: number;
}

/** The first place (from token `from` on) where any of the phrases matches. */
export function find(tokens: readonly Token[], phrases: readonly Phrase[], from = 0): Span | undefined {
  for (let at = from; at < tokens.length; at++) {
    for (const phrase of phrases) {
      const end = matchAt(tokens, at, phrase);
      if (end > at) return { from: at, to: end };
    }
  }
  return undefined;
}

export const hasWord = (tokens: readonly Token[], ...norms: string[]) => tokens.some((t) => norms.includes(t.norm));
export const indexOfWord = (tokens: readonly Token[], ...norms: string[]) => tokens.findIndex((t) => norms.includes(t.norm));
