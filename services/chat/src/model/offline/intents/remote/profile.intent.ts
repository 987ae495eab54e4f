import { nameAfter, timezoneIn } from '../../slots.js';
import { find, hasWord, indexOfWord, type Phrase } from '../../tokens.js';
import { type Message, type Candidate } from '../intent.js';

const NAME_CUES: Phrase[] = [
  ['change|set|update|switch|make', 'my|the?', 'display|user|profile?', 'name', 'to|as|:|into|=?'],
  ['call', 'me'],
  ['rename', 'me|myself?', 'to|as?'],
  ['i', 'go', 'by'],
  ['my', 'display', 'name', 'should', 'be'],
];
const COMPANY_CUES: Phrase[] = [
  ['change|set|update|switch|make', 'my|our|the?', 'company|employer|business|organisation|organization', 'name?', 'to|as|:|=?'],
  ['my|our', 'company|employer|business', 'name?', 'is|=', 'now?', 'called|named?'],
  ['i|we', 'now|currently?', 'work|am|work', 'at|for|with'],
  ['im|i', 'am?', 'now?', 'working|employed', 'at|for|with|by'],
  ['i', 'joined'],
];
const TIMEZONE_CUES: Phrase[] = [
  ['change|set|update|switch|make|put', 'my|the?', 'timezone|time|zone', 'zone?', 'to|as|:|=?'],
  ['my', 'timezone|time', 'zone?', 'is|should|=', 'be?', 'now?'],
  ['i', 'moved|relocated|moving|relocating|now', 'to|moved|relocated?', 'to?'],
  ['ive', 'moved|relocated', 'to'],
  ['im', 'moving|relocating', 'to'],
  ['timezone', 'to|is|:'],
];
/** "I'm in Sydney now": a move only with "now" or the zone named; "I'm in a meeting" is not. */
const PRESENCE_CUES: Phrase[] = [['im|i', 'am?', 'now?', 'in|based|living|staying', 'in?']];
const BAD_NAME_START = new Set([
  'back',
  'later',
  'at',
  'on',
  'in',
  'when',
  'if',
  'tomorrow',
  'tonight',
  'today',
  'please',
  'again',
  'soon',
  'asap',
  'about',
  'every',
  'after',
  'before',
  'and',
  'the',
  'a',
  'an',
  'maybe',
]);

export function profile(m: Message): Candidate | undefined {
  const args: Record<string, unknown> = {};
  let at = Number.POSITIVE_INFINITY;
  const tokens = m.tokens;
  const nameCue =
    find(tokens, NAME_CUES) ?? (hasWord(tokens, 'update', 'change', 'profile', 'set') ? find(tokens, [['my', 'name', 'is|=']]) : undefined);
  if (nameCue && !BAD_NAME_START.has(tokens[nameCue.to]?.norm ?? 'and') && !m.date) {
    const name = nameAfter(m.source, tokens, nameCue.to);
    if (name && name.split(/\s+/).length <= 5) {
      args.displayName = name;
      at = Math.min(at, nameCue.from);
    }
  }
  const companyCue = find(tokens, COMPANY_CUES);
  if (companyCue && tokens[companyCue.to]) {
    const company = nameAfter(m.source, tokens, companyCue.to);
    if (company) {
      args.company = company;
      at = Math.min(at, companyCue.from);
    }
  }
  const mentionsZone = hasWord(tokens, 'timezone', 'zone');
  const zoneCue = find(tokens, TIMEZONE_CUES) ?? (mentionsZone || hasWord(tokens, 'now') ? find(tokens, PRESENCE_CUES) : undefined);
  if (zoneCue || mentionsZone) {
    const zone = timezoneIn(m.source.slice(tokens[(zoneCue ?? { to: 0 }).to]?.start ?? 0)) ?? timezoneIn(m.source);
    if (zone && (zoneCue || mentionsZone)) {
      args.timezone = zone;
      at = Math.min(at, zoneCue?.from ?? indexOfWord(tokens, 'timezone', 'zone'));
    } else if (mentionsZone && zoneCue) {
      return {
        strong: true,
        at: zoneCue.from,
        build: () => ({
          kind: 'ask',
          text: 'Which time zone? Give a city or an IANA name such as Europe/Paris.',
          pending: { name: 'update_profile', args: {}, missing: 'timezone' },
        }),
      };
    }
  }
  if (Object.keys(args).length === 0) return askFor(m);
  return { strong: true, at, build: () => ({ kind: 'calls', calls: [{ name: 'update_profile', args }] }) };
}

/** "change my name", "update my company": a clear request whose value comes in the next message. */
function askFor(m: Message): Candidate | undefined {
  const rest = (span: { to: number }) =>
    m.tokens.slice(span.to).every((t) => t.kind === 'punct' || ['please', 'now', 'pls'].includes(t.norm));
  const name = find(m.tokens, [['change|set|update|edit', 'my', 'display|user?', 'name']]);
  if (name && rest(name))
    return {
      strong: true,
      at: name.from,
      build: () => ({
        kind: 'ask',
        text: 'What should your display name be?',
        pending: { name: 'update_profile', args: {}, missing: 'displayName' },
      }),
    };
  const company = find(m.tokens, [['change|set|update|edit', 'my|our', 'company|employer|business', 'name?']]);
  if (company && rest(company))
    return {
      strong: true,
      at: company.from,
      build: () => ({
        kind: 'ask',
        text: "What's your company called?",
        pending: { name: 'update_profile', args: {}, missing: 'company' },
      }),
    };
  return undefined;
}
