import * as chrono from 'chrono-node';
import { fromWallTime, offsetMinutes, wallTime } from '../../time/zoned.js';
import { DATE_WORDS } from './lexicon.js';
import type { Span, Token } from './tokens.js';

export interface FoundDate extends Span {
  readonly instant: Date;
  /** False for a bare date ("tomorrow"): the time is a default. */
  readonly hasTime: boolean;
}

/** When a person names a day but no time: the start of a working day. */
const DEFAULT_HOUR = 9;
/** Parts of the day, as a person means them when setting a reminder. */
const PART_OF_DAY: Record<string, number> = { morning: 9, afternoon: 15, evening: 18, tonight: 20, noon: 12, midnight: 0 };
const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];
/** Matches chrono makes of words that are not dates here. */
const NOT_A_DATE = /^(?:now|from now(?: on)?|right now|may|march|second|sun|sat|a|an|the|mar|one|\d{1,2})$/i;
const RELATIVE_TIME =
  /\b(?:in|within|after)\s+(?:\d+(?:[.,]\d+)?|an?|half an?|one|two|three|four|five|six|ten|fifteen|twenty|thirty|forty|forty-five|ninety)\s*(?:min|mins|minutes?|hours?|hrs?|h|seconds?|secs?)\b|\bfrom now\b/i;

interface Piece {
  text: string;
  token: number;
  /** The last token the text stands for (a rewrite may replace several). */
  last: number;
}

/**
 * The first date or time in the message, in the user's zone, as token indexes plus the instant.
 * chrono-node reads the text (with misspelt date words already corrected); the rules here decide
 * what a person means where chrono has to guess: no time -> 09:00, "morning" -> 09:00, "at 5"
 * -> 17:00, a time already past today -> tomorrow, DST handled by converting the wall time.
 */
export function findDate(tokens: readonly Token[], now: Date, timezone: string): FoundDate | undefined {
  const pieces = rewrite(tokens);
  let text = '';
  const owner: number[] = [];
  for (const piece of pieces) {
    if (!piece.text) continue;
    if (text) {
      text += ' ';
      owner.push(piece.token);
    }
    for (let k = 0; k < piece.text.length; k++) owner.push(k === piece.text.length - 1 ? piece.last : piece.token);
    text += piece.text;
  }
  const reference = { instant: now, timezone: offsetMinutes(now, timezone) };
  const results = chrono.parse(text, reference, { forwardDate: true }).filter((r) => !NOT_A_DATE.test(r.text.trim()));
  const result = results[0];
  if (!result) return dayOfMonth(tokens, now, timezone);
  const from = owner[result.index]!;
  const to = owner[result.index + result.text.length - 1]! + 1;
  return { from, to, ...resolve(result, now, timezone) };
}

function resolve(result: chrono.ParsedResult, now: Date, timezone: string): { instant: Date; hasTime: boolean } {
  const start = result.start;
  if (RELATIVE_TIME.test(result.text)) return { instant: start.date(), hasTime: true };
  const tags = start.tags();
  const part = Object.keys(PART_OF_DAY).find((p) => tags.has(`casualReference/${p}`) || new RegExp(`\\b${p}\\b`, 'i').test(result.text));
  let hour: number;
  let minute = 0;
  let hasTime = true;
  const dateGiven =
    start.isCertain('day') || start.isCertain('weekday') || tags.has('casualReference/tomorrow') || /\btoday\b/i.test(result.text);
  let fields = { year: start.get('year') ?? 0, month: start.get('month') ?? 1, day: start.get('day') ?? 1 };
  if (start.isCertain('hour')) {
    hour = start.get('hour') ?? DEFAULT_HOUR;
    minute = start.get('minute') ?? 0;
    // "at 5" means 17:00 to anyone setting a reminder; "tonight at 9" means 21:00.
    if (
      !start.isCertain('meridiem') &&
      hour < 12 &&
      (hour >= 1 && hour <= 7 ? true : part === 'tonight' || part === 'evening' || part === 'afternoon')
    ) {
      hour += 12;
      // chrono may have moved a morning hour already past to tomorrow; the evening one is today's.
      if (!dateGiven) fields = today(now, timezone);
    }
  } else if (part) {
    hour = PART_OF_DAY[part]!;
  } else {
    hour = DEFAULT_HOUR;
    hasTime = false;
  }
  let instant = fromWallTime({ ...fields, hour, minute }, timezone);
  if (instant.getTime() <= now.getTime() && !dateGiven) {
    // A time of day already past today: the next one.
    const next = wallTime(new Date(instant.getTime() + 24 * 3_600_000), timezone);
    instant = fromWallTime({ year: next.year, month: next.month, day: next.day, hour, minute }, timezone);
  }
  return { instant, hasTime };
}

function today(now: Date, timezone: string) {
  const local = wallTime(now, timezone);
  return { year: local.year, month: local.month, day: local.day };
}

/** Phrases chrono does not read, turned into ones it does ("half past six" -> "6:30"). */
function rewrite(tokens: readonly Token[]): Piece[] {
  const pieces: Piece[] = tokens.map((t, token) => ({ text: dateWord(t), token, last: token }));
  const norm = (i: number) => tokens[i]?.norm ?? '';
  const hourAt = (i: number): number | undefined => {
    const n = norm(i);
    if (/^\d{1,2}$/.test(n)) return Number(n);
    const word = NUMBER_WORDS.indexOf(n);
    return word > 0 ? word : undefined;
  };
  const replace = (from: number, to: number, text: string) => {
    pieces[from]!.text = text;
    pieces[from]!.last = to - 1;
    for (let k = from + 1; k < to; k++) pieces[k]!.text = '';
  };
  for (let i = 0; i < tokens.length; i++) {
    const h = hourAt(i + 2);
    if ((norm(i) === 'half' || norm(i) === 'quarter') && norm(i + 1) === 'past' && h !== undefined)
      replace(i, i + 3, `${h}:${norm(i) === 'half' ? '30' : '15'}`);
    else if (norm(i) === 'quarter' && norm(i + 1) === 'to' && h !== undefined) replace(i, i + 3, `${h === 1 ? 12 : h - 1}:45`);
    else if (norm(i) === 'in' && norm(i + 1) === 'half' && (norm(i + 2) === 'an' || norm(i + 2) === 'a') && norm(i + 3).startsWith('hour'))
      replace(i, i + 4, 'in 30 minutes');
    else if (norm(i) === 'eod' || norm(i) === 'cob') replace(i, i + 1, 'today at 17:00');
    else if (norm(i) === 'end' && norm(i + 1) === 'of') {
      const the = norm(i + 2) === 'the' ? 1 : 0;
      const what = norm(i + 2 + the);
      if (what === 'day') replace(i, i + 3 + the, 'today at 17:00');
      else if (what === 'week') replace(i, i + 3 + the, 'friday at 17:00');
    } else if ((norm(i) === 'this' || norm(i) === 'the') && (norm(i + 1) === 'weekend' || norm(i + 1) === 'wkend'))
      replace(i, i + 2, 'saturday');
    else if ((norm(i) === 'at' || norm(i) === 'by') && NUMBER_WORDS.includes(norm(i + 1)) && hourAt(i + 1) !== undefined)
      replace(i, i + 2, `at ${hourAt(i + 1)}`);
    else if (norm(i) === 'midday') replace(i, i + 1, 'noon');
  }
  return pieces;
}

function dateWord(token: Token): string {
  if (token.kind !== 'word') return token.text;
  const first = token.norm.split(' ')[0]!;
  return DATE_WORDS.includes(first) || first === 'week' || first === 'hour' ? token.norm : token.text;
}

/** "on the 15th": chrono wants a month; the next 15th it is. */
function dayOfMonth(tokens: readonly Token[], now: Date, timezone: string): FoundDate | undefined {
  for (let i = 0; i < tokens.length; i++) {
    const m = /^(\d{1,2})(st|nd|rd|th)$/.exec(tokens[i]!.norm);
    if (!m || tokens[i - 1]?.norm !== 'the') continue;
    const day = Number(m[1]);
    if (day < 1 || day > 31) continue;
    const local = wallTime(now, timezone);
    let month = local.month;
    let year = local.year;
    if (day <= local.day) {
      month = month === 12 ? 1 : month + 1;
      year = month === 1 ? year + 1 : year;
    }
    const from = tokens[i - 2]?.norm === 'on' ? i - 2 : i - 1;
    return { from, to: i + 1, instant: fromWallTime({ year, month, day, hour: DEFAULT_HOUR, minute: 0 }, timezone), hasTime: false };
  }
  return undefined;
}
