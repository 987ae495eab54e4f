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
 * -> 17:00, "Monday at 7:45" -> 07:45, "at 8" said at 15:00 -> 20:00 (bareHour), a time already
 * past today -> tomorrow, DST handled by converting the wall time.
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
  return { from, to, ...resolve(result, text, now, timezone) };
}

/**
 * Hours said without am/pm that a person means after noon whatever the day: nobody sets "at 5"
 * for 05:00. From 7 on either is possible ("Monday at 7:45" is a morning, "at 8" said at 15:00
 * is tonight), and the nearest one still ahead is meant.
 */
const AFTERNOON_ONLY_UP_TO = 6;
/** Words that say which half of the day a bare hour is in ("dinner at 7", "breakfast at 8"). */
const EVENING_WORDS = /\b(?:tonight|evening|afternoon|night|dinner|supper)\b/i;
const MORNING_WORDS = /\b(?:morning|breakfast|dawn|sunrise)\b/i;

function resolve(result: chrono.ParsedResult, message: string, now: Date, timezone: string): { instant: Date; hasTime: boolean } {
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
    if (!start.isCertain('meridiem') && hour >= 1 && hour < 12) {
      // chrono may have moved an hour already past to tomorrow: the day is chosen here.
      const days = dateGiven ? [fields] : [today(now, timezone), nextDay(today(now, timezone))];
      ({ fields, hour } = bareHour(hour, minute, halfOfDay(result.text, message), days, now, timezone));
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

type Day = { year: number; month: number; day: number };

/**
 * A clock hour said without am/pm (1 to 11), read as a person would: the half of the day the
 * words name ("tonight", "morning", "dinner": the date's own words first, then the message's);
 * otherwise 1 to 6 after noon, and from 7 the earlier of morning and evening still ahead on the
 * days it may be (the given day, or today then tomorrow), the morning when neither is ahead.
 */
function bareHour(hour: number, minute: number, half: 'am' | 'pm' | undefined, days: readonly Day[], now: Date, timezone: string) {
  const hours = half === 'am' ? [hour] : half === 'pm' || hour <= AFTERNOON_ONLY_UP_TO ? [hour + 12] : [hour, hour + 12];
  const readings = days.flatMap((fields) => hours.map((h) => ({ fields, hour: h })));
  const ahead = readings.find((r) => fromWallTime({ ...r.fields, hour: r.hour, minute }, timezone).getTime() > now.getTime());
  return ahead ?? readings[0]!;
}

/** The half of the day the words name, the date's own words ("tomorrow morning at 7") first. */
function halfOfDay(dateText: string, message: string): 'am' | 'pm' | undefined {
  for (const text of [dateText, message]) {
    const evening = EVENING_WORDS.test(text);
    const morning = MORNING_WORDS.test(text);
    if (evening !== morning) return evening ? 'pm' : 'am';
  }
  return undefined;
}

function nextDay(day: Day): Day {
  const next = new Date(Date.UTC(day.year, day.month - 1, day.day + 1));
  return { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() };
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
