import { textOf, type Span, type Token } from './tokens.js';

/** Words that join a title to the command around it, never part of the title at its edges. */
const EDGE_FILLERS = new Set([
  'to',
  'about',
  'that',
  'for',
  'at',
  'on',
  'by',
  'due',
  'please',
  'and',
  'so',
  'then',
  'called',
  'named',
  'titled',
  'item',
  'me',
  'it',
  'is',
  'be',
  'regarding',
  're',
  'of',
  'with',
  'can',
  'you',
  'could',
  'would',
  'will',
  'a',
  'an',
  'also',
  'just',
  'ok',
  'okay',
  'hey',
  'now',
  'from',
  'until',
  'before',
  'thanks',
  'in',
  'as',
  'into',
  'onto',
  'i',
  'task',
  'todo',
  'reminder',
  'set',
  'up',
  'down',
]);
const EDGE_PUNCTUATION = /^[\s:;,.!?\-–—'"()[\]]+$/;
const LEADING_PHRASES: readonly (readonly string[])[] = [
  ['that', 'i', 'have', 'to'],
  ['that', 'i', 'need', 'to'],
  ['that', 'i', 'must'],
  ['i', 'have', 'to'],
  ['i', 'need', 'to'],
  ['i', 'must'],
  ['i', 'should'],
  ['i', 'got', 'to'],
  ['i', 'ive', 'got', 'to'],
  ['ive', 'got', 'to'],
  ['i', 'want', 'to'],
  ['remember', 'to'],
  ['for', 'me'],
];

/**
 * What is left of the message once the command and the date are taken out: the longest run of
 * tokens not removed, with connecting words trimmed from both ends, cut from the original text.
 * A quoted part wins outright ("put 'call the plumber' on my list").
 */
export function titleFrom(source: string, tokens: readonly Token[], removed: readonly Span[]): string {
  const quoted = quotedPart(source);
  if (quoted) return quoted;
  const gone = new Array<boolean>(tokens.length).fill(false);
  for (const span of removed) for (let i = span.from; i < span.to; i++) gone[i] = true;
  let best: Span | undefined;
  let bestWords = 0;
  for (let i = 0; i < tokens.length;) {
    if (gone[i] || isSentenceBreak(tokens[i]!)) {
      i++;
      continue;
    }
    let j = i;
    while (j < tokens.length && !gone[j] && !isSentenceBreak(tokens[j]!)) j++;
    const trimmed = trim(tokens, i, j);
    const count = tokens.slice(trimmed.from, trimmed.to).filter((t) => t.kind !== 'punct').length;
    if (count > bestWords) {
      best = trimmed;
      bestWords = count;
    }
    i = j;
  }
  return best ? cleanText(textOf(source, tokens, best.from, best.to)) : '';
}

function isSentenceBreak(token: Token): boolean {
  return token.kind === 'punct' && /^[.?!;]$/.test(token.text);
}

/** Trims fillers and punctuation off both ends of a token run. */
export function trim(tokens: readonly Token[], from: number, to: number): Span {
  let a = from;
  let b = to;
  for (let changed = true; changed && a < b;) {
    changed = false;
    for (const phrase of LEADING_PHRASES) {
      if (phrase.every((word, k) => tokens[a + k]?.norm === word) && a + phrase.length < b) {
        a += phrase.length;
        changed = true;
      }
    }
    while (a < b && (EDGE_FILLERS.has(tokens[a]!.norm) || (tokens[a]!.kind === 'punct' && EDGE_PUNCTUATION.test(tokens[a]!.text)))) {
      a++;
      changed = true;
    }
    while (
      b > a &&
      (EDGE_FILLERS.has(tokens[b - 1]!.norm) || (tokens[b - 1]!.kind === 'punct' && EDGE_PUNCTUATION.test(tokens[b - 1]!.text)))
    ) {
      b--;
      changed = true;
    }
  }
  return { from: a, to: b };
}

/** Every quoted part, in order ("add 'order cards' and 'renew domain' to my tasks"). */
export function quotedParts(source: string): string[] {
  const pattern = /(?:^|[\s:(])(["'\u201c\u2018])([^"'\u201c\u201d\u2018\u2019]{2,200})(["'\u201d\u2019])(?=$|[\s,.:;!?)])/g;
  return [...source.matchAll(pattern)].map((m) => cleanText(m[2]!));
}

function quotedPart(source: string): string | undefined {
  const match = /(?:^|[\s:(])(["'\u201c\u2018])([^"'\u201c\u201d\u2018\u2019]{2,200})(["'\u201d\u2019])(?=$|[\s,.:;!?)])/.exec(source);
  return match ? cleanText(match[2]!) : undefined;
}

export function cleanText(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/^[\s"'“”‘’]+|[\s"'“”‘’,;:]+$/g, '')
    .trim();
}

/** "3 MB", "1.5MB", "800kb", "250 KB", "2 gigs" -> bytes (1 KB = 1024 bytes). */
export function sizeFrom(tokens: readonly Token[]): number | undefined {
  const units: Record<string, number> = {
    b: 1,
    byte: 1,
    bytes: 1,
    k: 1024,
    kb: 1024,
    kib: 1024,
    kilobytes: 1024,
    m: 1024 ** 2,
    mb: 1024 ** 2,
    mib: 1024 ** 2,
    megabytes: 1024 ** 2,
    megs: 1024 ** 2,
    g: 1024 ** 3,
    gb: 1024 ** 3,
    gib: 1024 ** 3,
    gigabytes: 1024 ** 3,
    gigs: 1024 ** 3,
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'number') continue;
    const inline = /^(\d+(?:[.,]\d+)?)(kb|mb|gb|k|m|g|b)$/.exec(t.norm);
    const value = Number((inline?.[1] ?? t.norm).replace(',', '.'));
    const unit = inline?.[2] ?? tokens[i + 1]?.norm;
    if (!Number.isFinite(value) || !unit || !(unit in units)) continue;
    return Math.round(value * units[unit]!);
  }
  return undefined;
}

const ZONES = Intl.supportedValuesOf('timeZone');
const ZONE_ALIASES: Record<string, string> = {
  'pacific time': 'America/Los_Angeles',
  pacific: 'America/Los_Angeles',
  pst: 'America/Los_Angeles',
  pdt: 'America/Los_Angeles',
  pt: 'America/Los_Angeles',
  'eastern time': 'America/New_York',
  eastern: 'America/New_York',
  est: 'America/New_York',
  edt: 'America/New_York',
  et: 'America/New_York',
  'central time': 'America/Chicago',
  cst: 'America/Chicago',
  cdt: 'America/Chicago',
  'mountain time': 'America/Denver',
  mountain: 'America/Denver',
  mst: 'America/Denver',
  mdt: 'America/Denver',
  gmt: 'UTC',
  utc: 'UTC',
  zulu: 'UTC',
  'universal time': 'UTC',
  cet: 'Europe/Paris',
  cest: 'Europe/Paris',
  'central european time': 'Europe/Paris',
  bst: 'Europe/London',
  uk: 'Europe/London',
  britain: 'Europe/London',
  england: 'Europe/London',
  ireland: 'Europe/Dublin',
  ist: 'Asia/Kolkata',
  india: 'Asia/Kolkata',
  jst: 'Asia/Tokyo',
  japan: 'Asia/Tokyo',
  aest: 'Australia/Sydney',
  nyc: 'America/New_York',
  'new york city': 'America/New_York',
  'san francisco': 'America/Los_Angeles',
  sf: 'America/Los_Angeles',
  'silicon valley': 'America/Los_Angeles',
  seattle: 'America/Los_Angeles',
  portland: 'America/Los_Angeles',
  'las vegas': 'America/Los_Angeles',
  boston: 'America/New_York',
  miami: 'America/New_York',
  atlanta: 'America/New_York',
  washington: 'America/New_York',
  philadelphia: 'America/New_York',
  dallas: 'America/Chicago',
  houston: 'America/Chicago',
  austin: 'America/Chicago',
  'salt lake city': 'America/Denver',
  beijing: 'Asia/Shanghai',
  china: 'Asia/Shanghai',
  mumbai: 'Asia/Kolkata',
  delhi: 'Asia/Kolkata',
  'new delhi': 'Asia/Kolkata',
  bangalore: 'Asia/Kolkata',
  bengaluru: 'Asia/Kolkata',
  munich: 'Europe/Berlin',
  hamburg: 'Europe/Berlin',
  frankfurt: 'Europe/Berlin',
  cologne: 'Europe/Berlin',
  germany: 'Europe/Berlin',
  lyon: 'Europe/Paris',
  marseille: 'Europe/Paris',
  toulouse: 'Europe/Paris',
  france: 'Europe/Paris',
  barcelona: 'Europe/Madrid',
  valencia: 'Europe/Madrid',
  seville: 'Europe/Madrid',
  spain: 'Europe/Madrid',
  milan: 'Europe/Rome',
  naples: 'Europe/Rome',
  italy: 'Europe/Rome',
  geneva: 'Europe/Zurich',
  switzerland: 'Europe/Zurich',
  manchester: 'Europe/London',
  edinburgh: 'Europe/London',
  glasgow: 'Europe/London',
  birmingham: 'Europe/London',
  montreal: 'America/Toronto',
  ottawa: 'America/Toronto',
  canada: 'America/Toronto',
  'mexico city': 'America/Mexico_City',
  mexico: 'America/Mexico_City',
  'sao paulo': 'America/Sao_Paulo',
  'rio de janeiro': 'America/Sao_Paulo',
  brazil: 'America/Sao_Paulo',
  'cape town': 'Africa/Johannesburg',
  'south africa': 'Africa/Johannesburg',
  netherlands: 'Europe/Amsterdam',
  holland: 'Europe/Amsterdam',
  rotterdam: 'Europe/Amsterdam',
  belgium: 'Europe/Brussels',
  antwerp: 'Europe/Brussels',
  portugal: 'Europe/Lisbon',
  porto: 'Europe/Lisbon',
  poland: 'Europe/Warsaw',
  krakow: 'Europe/Warsaw',
  austria: 'Europe/Vienna',
  sweden: 'Europe/Stockholm',
  norway: 'Europe/Oslo',
  denmark: 'Europe/Copenhagen',
  finland: 'Europe/Helsinki',
  greece: 'Europe/Athens',
  turkey: 'Europe/Istanbul',
  russia: 'Europe/Moscow',
  ukraine: 'Europe/Kyiv',
  kiev: 'Europe/Kyiv',
  korea: 'Asia/Seoul',
  'south korea': 'Asia/Seoul',
  osaka: 'Asia/Tokyo',
  kyoto: 'Asia/Tokyo',
  'hong kong': 'Asia/Hong_Kong',
  uae: 'Asia/Dubai',
  'abu dhabi': 'Asia/Dubai',
  australia: 'Australia/Sydney',
  'new zealand': 'Pacific/Auckland',
  wellington: 'Pacific/Auckland',
  canberra: 'Australia/Sydney',
  'tel aviv': 'Asia/Jerusalem',
  israel: 'Asia/Jerusalem',
  egypt: 'Africa/Cairo',
  kenya: 'Africa/Nairobi',
  nigeria: 'Africa/Lagos',
};

/** The IANA zone a phrase names: an IANA id, a city of the database, or a common alias ("pacific time"). */
export function timezoneIn(text: string): string | undefined {
  const lowered = text.toLowerCase();
  const iana = /\b([A-Za-z]+(?:\/[A-Za-z_+-]+){1,2})\b/.exec(text)?.[1];
  if (iana) {
    const exact = ZONES.find((z) => z.toLowerCase() === iana.toLowerCase());
    if (exact) return exact;
  }
  let best: { zone: string; length: number } | undefined;
  const consider = (phrase: string, zone: string) => {
    if (phrase.length < 2 || (best && best.length >= phrase.length)) return;
    if (new RegExp(`(^|[^a-z])${phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^a-z])`).test(lowered))
      best = { zone, length: phrase.length };
  };
  for (const zone of ZONES) {
    const city = zone.split('/').pop()!.replace(/_/g, ' ').toLowerCase();
    if (city.length > 3) consider(city, zone);
  }
  for (const [alias, zone] of Object.entries(ZONE_ALIASES)) consider(alias, zone);
  return best?.zone;
}

/** A name or company as typed after its cue: up to a comma or a tail such as "from now on". */
export function nameAfter(source: string, tokens: readonly Token[], from: number): string | undefined {
  let to = from;
  while (to < tokens.length) {
    const t = tokens[to]!;
    if (t.kind === 'punct' && /^[,;!?]$/.test(t.text)) break;
    if (t.kind === 'punct' && t.text === '.' && !(to > from && /^[A-Z]$/.test(tokens[to - 1]!.text))) break;
    if (['from', 'please', 'thanks', 'and', 'instead', 'going', 'starting', 'update', 'in'].includes(t.norm) && to > from) break;
    if (t.norm === 'now' && to > from) break;
    to++;
  }
  const text = cleanText(textOf(source, tokens, from, to)).replace(/^(?:to|as|is|be)\s+/i, '');
  return text && text.length <= 100 ? text : undefined;
}
