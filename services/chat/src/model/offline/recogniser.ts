import { contentTypeFor } from '../../automations/remote/content-types.js';
import { localIso } from '../../time/zoned.js';
import { findDate, type FoundDate } from './dates.js';
import { nameAfter, sizeFrom, timezoneIn, titleFrom, trim } from './slots.js';
import { find, hasWord, indexOfWord, matchAt, textOf, tokenize, type Phrase, type Span, type Token } from './tokens.js';

export interface ToolCallIntent {
  readonly name: string;
  readonly args: Record<string, unknown>;
}

/** What the offline model understood a message to ask. */
export type Recognition =
  | { readonly kind: 'calls'; readonly calls: readonly ToolCallIntent[] }
  | { readonly kind: 'ask'; readonly text: string }
  | { readonly kind: 'smalltalk'; readonly topic: 'greeting' | 'thanks' | 'identity' | 'capabilities' | 'limits' | 'goodbye' }
  | { readonly kind: 'memory-question'; readonly personal: boolean }
  | { readonly kind: 'fact' }
  | { readonly kind: 'unknown' };

export interface RecogniserContext {
  readonly now: Date;
  readonly timezone: string;
}

interface Message {
  readonly source: string;
  readonly tokens: readonly Token[];
  readonly date: FoundDate | undefined;
  readonly question: boolean;
  readonly context: RecogniserContext;
}

/** A candidate reading: strong ones are explicit commands; the earliest strong one wins. */
interface Candidate {
  readonly strong: boolean;
  readonly at: number;
  readonly build: () => Recognition;
}

/**
 * The offline model's understanding: intent and arguments from a message, with no model. Each
 * detector looks for its own phrases (typo-tolerant, see tokens.ts) and says where in the message
 * its command starts; explicit commands beat hedged ones ("I need to ..."), and the first command
 * in the sentence is the one meant ("remind me to upload x.pdf" is a reminder, not an upload).
 */
export function recognise(source: string, context: RecogniserContext): Recognition {
  const text = source.trim();
  const tokens = tokenize(text);
  if (tokens.length === 0) return { kind: 'unknown' };
  const message: Message = {
    source: text,
    tokens,
    date: findDate(tokens, context.now, context.timezone),
    question: /\?\s*$/.test(text) || QUESTION_WORDS.has(tokens[0]!.norm) || (tokens[0]!.norm === 'how' && tokens[1]?.norm !== 'about'),
    context,
  };
  const small = smallTalk(message);
  if (small) return small;

  const candidates = [reminder, createTask, listTasks, completeTask, upload, upgrade, profile, searchMemory].flatMap((detect) => detect(message) ?? []);
  const strong = candidates.filter((c) => c.strong).sort((a, b) => a.at - b.at);
  if (strong[0]) return strong[0].build();
  // A question that is no command may be about something the user told us (the model checks).
  if (message.question) return { kind: 'memory-question', personal: isPersonal(tokens) };
  const weak = candidates.sort((a, b) => a.at - b.at)[0];
  if (weak) return weak.build();
  if (isFact(message)) return { kind: 'fact' };
  return { kind: 'unknown' };
}

const QUESTION_WORDS = new Set(['what', 'whats', 'where', 'wheres', 'when', 'whens', 'who', 'whos', 'whom', 'which', 'why', 'how', 'hows', 'do', 'does', 'did', 'is', 'are', 'am', 'was', 'were', 'can', 'could', 'would', 'will', 'have', 'has', 'should']);
const PERSONAL = new Set(['my', 'our', 'i', 'me', 'we', 'mine', 'ours', 'im', 'ive', 'id']);
const isPersonal = (tokens: readonly Token[]) => tokens.some((t) => PERSONAL.has(t.norm));
/** Words allowed before a command without being part of what is asked ("could you please ..."). */
const LEAD_IN = new Set(['can', 'could', 'would', 'will', 'you', 'please', 'hey', 'ok', 'okay', 'so', 'also', 'and', 'just', 'now', 'then', 'quick', 'quickly', 'oh', 'hi', 'hello', 'assistant', 'sensei', 'tasksensei', 'kindly', 'maybe']);

function leadIn(tokens: readonly Token[], at: number): number {
  let from = at;
  while (from > 0 && (LEAD_IN.has(tokens[from - 1]!.norm) || /^[,!]$/.test(tokens[from - 1]!.text))) from--;
  return from;
}

const dueArg = (m: Message) => (m.date ? { dueAt: localIso(m.date.instant, m.context.timezone) } : {});

// ---------------------------------------------------------------------------------------------
// Reminders

const REMINDER_PHRASES: Phrase[] = [
  ['remind'],
  ['reminder|reminders'],
  ['ping|nudge|alert|notify|text|message|buzz', 'me'],
  ['set|add|create|make|schedule', 'a|an|the?', 'alarm|alert'],
  ['dont|do', 'not?', 'let', 'me', 'forget'],
  ['make', 'sure', 'i', 'remember|dont|do'],
];
/** Words between the lead-in and the reminder keyword that belong to the command ("I need a reminder"). */
const REMINDER_LEAD = new Set(['i', 'id', 'need', 'want', 'would', 'like', 'a', 'an', 'set', 'create', 'add', 'make', 'schedule', 'new', 'me', 'up', 'one', 'to', 'put', 'in', 'quick']);

function reminder(m: Message): Candidate | undefined {
  const span = find(m.tokens, REMINDER_PHRASES);
  if (!span) return undefined;
  // "remind me what I said about X" asks the memory, not for a reminder.
  if (matchAt(m.tokens, span.to, ['me?', 'what|whats']) > 0 && !m.date) return undefined;
  // "the remainder", "reminders" as a topic of a list question: not a request for a reminder.
  if (m.question && hasWord(m.tokens, 'list', 'show', 'what', 'whats', 'which') && hasWord(m.tokens, 'reminders', 'tasks')) return undefined;
  let from = leadIn(m.tokens, span.from);
  while (from > 0 && REMINDER_LEAD.has(m.tokens[from - 1]!.norm)) from = leadIn(m.tokens, from - 1);
  let to = span.to;
  while (m.tokens[to] && ['me', 'for', 'to', 'about', 'that', 'of', 're', ':', '-', 'please'].includes(m.tokens[to]!.norm)) {
    // "set a reminder for Monday": "for" belongs to the date, which is removed on its own.
    to++;
  }
  return {
    strong: true,
    at: span.from,
    build: () => {
      const removed: Span[] = [{ from, to }, ...(m.date ? [m.date] : [])];
      const title = titleFrom(m.source, m.tokens, removed);
      if (!title) return { kind: 'ask', text: 'What should I remind you about, and when?' };
      if (!m.date) return { kind: 'ask', text: `When should I remind you to ${title}? Give me a day and time, for example "tomorrow at 9am".` };
      return { kind: 'calls', calls: [{ name: 'schedule_reminder', args: { title, dueAt: localIso(m.date.instant, m.context.timezone) } }] };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Tasks

const TASK_NOUNS = ['task', 'tasks', 'todo', 'todos', 'checklist', 'item'];
const CREATE_VERBS = ['add', 'create', 'make', 'new', 'put', 'jot', 'note', 'track', 'log', 'write', 'record', 'open', 'start'];
const CREATE_PHRASES: Phrase[] = [
  ['add|create|make|new|put|track|log|record|open|start|note|set', 'me?', 'a|an|the|another|one?', 'new|quick|separate?', 'task|todo|checklist', 'item|entry?'],
  ['jot|note|write|put', 'down|that'],
  ['jot|note|write|put', 'it|this?', 'down|in'],
];
const LIST_TAIL: Phrase[] = [
  ['to|on|onto|in|into', 'my|the|your?', 'task|tasks|todo|todos|checklist|list|lists', 'list?'],
  ['as', 'a|an', 'task|todo', 'item?'],
  ['add|put', 'it|this|that', 'to|on|as', 'my|a|the?', 'task|tasks|todo|todos|list', 'list?'],
];
const WEAK_CREATE: Phrase[] = [
  ['i', 'need|have|got|ought', 'to'],
  ['i', 'must|should'],
  ['i', 'ive', 'got', 'to'],
  ['ive', 'got', 'to'],
  ['im', 'supposed', 'to'],
];

function createTask(m: Message): Candidate | undefined {
  const tokens = m.tokens;
  const head = find(tokens, CREATE_PHRASES);
  const prefixed = TASK_NOUNS.includes(tokens[0]?.norm ?? '') && tokens[1]?.text === ':' ? { from: 0, to: 2 } : undefined;
  const forPrefix = tokens[0]?.norm === 'task' && tokens[1]?.norm === 'for' ? { from: 0, to: 1 } : undefined;
  const tail = find(tokens, LIST_TAIL);
  const verbFirst = CREATE_VERBS.includes(tokens[leadIn(tokens, 0)]?.norm ?? '') || CREATE_VERBS.includes(tokens[indexAfterLeadIn(tokens)]?.norm ?? '');
  const strongSpan = prefixed ?? head ?? forPrefix ?? (tail && (verbFirst || tail.from > 0) ? tail : undefined);
  const weak = strongSpan ? undefined : find(tokens, WEAK_CREATE);
  const at = strongSpan?.from ?? weak?.from;
  if (at === undefined) return undefined;
  if (!strongSpan && m.question) return undefined;
  return {
    strong: Boolean(strongSpan),
    at,
    build: () => {
      const removed: Span[] = [];
      if (m.date) removed.push(m.date);
      for (const span of [prefixed, head, tail, weak, forPrefix]) if (span) removed.push({ from: leadIn(tokens, span.from), to: extendConnectors(tokens, span.to) });
      // "add X to my list": the verb at the start belongs to the command too.
      const first = indexAfterLeadIn(tokens);
      if (CREATE_VERBS.includes(tokens[first]?.norm ?? '')) removed.push({ from: 0, to: first + 1 });
      // "Could you track a task for me? Replace the bulb": the question was the command.
      const title = titleFrom(m.source, tokens, removed);
      if (!title) return { kind: 'ask', text: 'What should the task say?' };
      return { kind: 'calls', calls: [{ name: 'create_task', args: { title, ...dueArg(m) } }] };
    },
  };
}

function indexAfterLeadIn(tokens: readonly Token[]): number {
  let i = 0;
  while (i < tokens.length && LEAD_IN.has(tokens[i]!.norm)) i++;
  return i;
}

function extendConnectors(tokens: readonly Token[], to: number): number {
  let end = to;
  while (tokens[end] && ['to', 'for', 'called', 'named', 'titled', 'that', ':', '-', 'me', 'about', '?', 'saying', 'which', 'is'].includes(tokens[end]!.norm)) end++;
  return end;
}

const LIST_PHRASES: Phrase[] = [
  ['show|list|display|see|view|give|get|read|check|tell', 'me?', 'all|every?', 'my|the|our?', 'open|pending|current|outstanding|remaining|completed|finished|done|closed?', 'task|tasks|todo|todos|checklist|list'],
  ['what|whats|which|any|anything|how', '_?', '_?', '_?', '_?', 'task|tasks|todo|todos|checklist|list'],
  ['what|whats', 'is|are?', 'on|in', 'my|the', 'plate|agenda|list|todo'],
  ['what|whats', 'do|is|are?', 'i|left|still|remaining', '_?', '_?', 'have|left|do|remaining|pending'],
  ['what', 'have|did', 'i', 'already|just?', 'finish|finished|complete|completed|done'],
  ['do', 'i', 'have', 'any|anything', 'open|pending|left|outstanding|task|tasks|todo|todos'],
  ['my', 'task|tasks|todo|todos', 'list?', 'please?'],
  ['lists|list', 'my|all|the?', 'task|tasks|todo|todos'],
  ['anything', 'left|remaining|pending|open'],
  ['what|whats', 'left|remaining'],
];

function listTasks(m: Message): Candidate | undefined {
  const span = find(m.tokens, LIST_PHRASES);
  if (!span) return undefined;
  // "add X to my list" is a creation, not a listing.
  if (hasWord(m.tokens, 'add', 'create', 'put', 'new', 'jot', 'remind')) return undefined;
  const only = (span.from === 0 || span.from === indexAfterLeadIn(m.tokens)) && m.tokens.slice(span.to).every((t) => t.kind === 'punct' || ['please', 'now', 'today', 'again', 'so', 'far', 'yet'].includes(t.norm));
  if (!m.question && !only && !hasWord(m.tokens, 'show', 'list', 'display', 'see', 'view', 'give', 'lists', 'tell')) return undefined;
  return {
    strong: true,
    at: span.from,
    build: () => ({ kind: 'calls', calls: [{ name: 'list_tasks', args: { status: listStatus(m.tokens) } }] }),
  };
}

function listStatus(tokens: readonly Token[]): 'open' | 'done' | 'all' {
  const done = hasWord(tokens, 'done', 'finished', 'finish', 'completed', 'complete', 'closed', 'ticked', 'checked');
  const open = hasWord(tokens, 'open', 'pending', 'left', 'still', 'remaining', 'outstanding', 'todo', 'unfinished', 'incomplete');
  if (hasWord(tokens, 'including', 'both', 'everything', 'every') || (hasWord(tokens, 'all') && !open && !done) || (done && open && hasWord(tokens, 'and'))) return 'all';
  if (done && !hasWord(tokens, 'not', 'still', 'yet', 'left')) return 'done';
  return 'open';
}

const DONE_WORDS = 'done|complete|completed|finished|closed|resolved|over|ticked|checked|bought|sent|paid|handled|sorted|fixed|booked|returned|submitted|cleaned|ordered|delivered';
const COMPLETE_HEADS: Phrase[] = [
  ['mark|set|move|flag|put', 'the|my?', 'task|todo|item?'],
  ['tick|check|cross|strike', 'off|out'],
  ['complete|close|finish|finalise|finalize|resolve', 'the|my|that|this?', 'task|todo|item'],
  ['complete|close|resolve'],
  ['done|finished|through', 'with'],
  ['finished|done|completed', ':'],
  ['i|we', 'am|have|ve|just|already?', 'just|already|now?', 'finished|completed|done|did'],
  ['im|ive|weve|were', 'just|already|now?', 'finished|completed|done|did'],
];
const COMPLETE_TAILS: Phrase[] = [
  ['as|to|is|are|=', 'done|complete|completed|finished|closed|resolved'],
  ['done|complete|completed|finished|closed'],
  [',?', 'mark|tick|check|cross|close|set', 'it|that|this|them', 'off|done|as|complete|completed|finished|task?', 'done|complete|completed|finished|off?'],
  [',?', 'you', 'can|may', 'close|remove|tick|mark|check|cross', 'it|that|this', 'task|off|done?'],
  ['task|todo|item'],
];
const PARTICIPLE = /^(?:[a-z]+ed|bought|sent|paid|done|made|written|taken|given|gone|seen|built|sold|told|found|kept|left|met|read|run|won|spoken|eaten|drawn|driven|fed|held|hung|lent|lost|put|set|shut|spent|split|spread|thought|understood|woken|worn)$/;

function completeTask(m: Message): Candidate | undefined {
  if (m.question) return undefined;
  const tokens = m.tokens;
  const head = find(tokens, COMPLETE_HEADS);
  const removed: Span[] = [];
  let at: number | undefined;
  if (head) {
    at = head.from;
    removed.push({ from: leadIn(tokens, head.from), to: head.to });
  }
  // "X is done", "X are bought, tick that off", "X has been renewed", "I've returned X".
  const isDone = doneClause(tokens);
  const markHead = head && ['mark', 'set', 'move', 'flag', 'put'].includes(tokens[head.from]!.norm);
  if (!head && isDone && isDone.from > 0) {
    at = 0;
    removed.push(isDone);
  }
  const perfect = find(tokens, [['i|we', 'have|ve|just|already?', 'just|already?', '_'], ['ive|weve', 'just|already?', '_']]);
  const perfectVerb = perfect ? tokens[perfect.to - 1] : undefined;
  // "I've bought the ink" reads as done only when nothing more explicit claims the sentence.
  let strong = true;
  if (at === undefined && perfect && perfect.from === indexAfterLeadIn(tokens) && perfectVerb && PARTICIPLE.test(perfectVerb.norm) && hasVerbPrefix(tokens, perfect)) {
    at = perfect.from;
    removed.push({ from: perfect.from, to: perfect.to - 1 });
    strong = COMPLETE_TAILS.slice(2, 4).some((tail) => find(tokens, [tail], perfect.to));
  }
  if (at === undefined) return undefined;
  // "mark X": only with a "done" word somewhere, else "mark" is not completion.
  if (markHead && !find(tokens, [[DONE_WORDS]], head.to)) return undefined;
  return {
    strong,
    at,
    build: () => {
      for (const tail of COMPLETE_TAILS) {
        const span = find(tokens, [tail], head?.to ?? at);
        if (span && span.from > (head?.to ?? at)) removed.push({ from: span.from, to: tokens.length });
      }
      if (!head && isDone) removed.push({ from: isDone.from, to: tokens.length });
      const title = titleFrom(m.source, tokens, removed);
      if (!title) return { kind: 'ask', text: 'Which task is done?' };
      return { kind: 'calls', calls: [{ name: 'complete_task', args: { title } }] };
    },
  };
}

/** Participles that describe rather than finish something ("my dog is called Rex"). */
const STATIVE = new Set(['called', 'named', 'located', 'based', 'born', 'married', 'engaged', 'interested', 'excited', 'tired', 'supposed', 'used', 'related', 'involved', 'allowed', 'scheduled', 'planned', 'expected', 'required', 'needed', 'worried', 'pleased', 'bored', 'closed']);

/**
 * "<something> is/are/has been <done word or participle>" ending its clause: "the invoices are
 * sent, tick that off", "the SSL certificate is renewed". Not "my dog is called Rex".
 */
function doneClause(tokens: readonly Token[]): Span | undefined {
  for (const phrase of [['is|are|was|were', 'now|all|already?', '_'], ['has|have', 'been', 'now|all|already?', '_']] satisfies Phrase[]) {
    const span = find(tokens, [phrase]);
    if (!span || span.from === 0) continue;
    const word = tokens[span.to - 1]!.norm;
    const next = tokens[span.to];
    const clauseEnds = !next || (next.kind === 'punct' && /^[,.;!]$/.test(next.text)) || ['so', 'now', 'already', 'too', 'finally', 'and', 'you', 'please'].includes(next.norm);
    if (new RegExp(`^(?:${DONE_WORDS})$`).test(word) || (PARTICIPLE.test(word) && !STATIVE.has(word) && clauseEnds)) return span;
  }
  return undefined;
}

/** "I've bought the ink": the perfect form of a verb, not "I have a question". */
function hasVerbPrefix(tokens: readonly Token[], span: Span): boolean {
  return tokens.slice(span.from, span.to - 1).some((t) => ['ive', 'weve', 'have', 'just', 'already'].includes(t.norm));
}

// ---------------------------------------------------------------------------------------------
// Upload, upgrade, profile, memory search

const UPLOAD_WORDS = ['upload', 'attach', 'send', 'link', 'url', 'file', 'share', 'transfer', 'submit', 'give', 'store', 'save', 'put', 'drop'];

function upload(m: Message): Candidate | undefined {
  const fileAt = m.tokens.findIndex((t) => t.kind === 'file');
  const uploadAt = indexOfWord(m.tokens, 'upload', 'attach');
  if (fileAt < 0 && uploadAt < 0) return undefined;
  if (fileAt >= 0 && uploadAt < 0 && !m.tokens.some((t) => UPLOAD_WORDS.includes(t.norm)) && m.tokens.length > 3) return undefined;
  const at = uploadAt >= 0 && (fileAt < 0 || uploadAt < fileAt) ? uploadAt : fileAt;
  return {
    strong: true,
    at: Math.min(at, indexOfWordFrom(m.tokens, 0, UPLOAD_WORDS) ?? at),
    build: () => {
      if (fileAt < 0) return { kind: 'ask', text: 'Which file would you like to upload? Tell me its name and size (for example "report.pdf, 2 MB").' };
      const filename = m.tokens[fileAt]!.text;
      const size = sizeFrom(m.tokens);
      return { kind: 'calls', calls: [{ name: 'request_upload_link', args: { filename, contentType: contentTypeFor(filename), ...(size ? { size } : {}) } }] };
    },
  };
}

function indexOfWordFrom(tokens: readonly Token[], from: number, words: readonly string[]): number | undefined {
  const i = tokens.findIndex((t, k) => k >= from && words.includes(t.norm));
  return i >= 0 ? i : undefined;
}

const UPGRADE_PHRASES: Phrase[] = [
  ['upgrade|upgrading|upgraded'],
  ['go|become|get|buy|purchase|start|want|join', 'a|the|to?', 'premium|pro|paid'],
  ['premium|paid|pro', 'plan|membership|subscription|account|tier|version'],
  ['subscribe|sign', 'me?', 'up?', 'to|for?', 'the|a?', 'pro|premium|paid|plan|subscription'],
  ['checkout'],
];

function upgrade(m: Message): Candidate | undefined {
  const span = find(m.tokens, UPGRADE_PHRASES);
  if (!span) return undefined;
  // "what does pro cost?" asks about the plan; wanting it is what starts a checkout.
  if (m.question && !hasWord(m.tokens, 'upgrade', 'get', 'buy', 'subscribe', 'sign', 'start', 'become', 'join', 'checkout', 'go', 'want')) return undefined;
  return { strong: true, at: span.from, build: () => ({ kind: 'calls', calls: [{ name: 'start_upgrade', args: { planId: 'pro' } }] }) };
}

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
const BAD_NAME_START = new Set(['back', 'later', 'at', 'on', 'in', 'when', 'if', 'tomorrow', 'tonight', 'today', 'please', 'again', 'soon', 'asap', 'about', 'every', 'after', 'before', 'and', 'the', 'a', 'an', 'maybe']);

function profile(m: Message): Candidate | undefined {
  const args: Record<string, unknown> = {};
  let at = Number.POSITIVE_INFINITY;
  const tokens = m.tokens;
  const nameCue = find(tokens, NAME_CUES) ?? (hasWord(tokens, 'update', 'change', 'profile', 'set') ? find(tokens, [['my', 'name', 'is|=']]) : undefined);
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
      return { strong: true, at: zoneCue.from, build: () => ({ kind: 'ask', text: 'Which time zone? Give a city or an IANA name such as Europe/Paris.' }) };
    }
  }
  if (Object.keys(args).length === 0) return undefined;
  return { strong: true, at, build: () => ({ kind: 'calls', calls: [{ name: 'update_profile', args }] }) };
}

const SEARCH_PHRASES: Phrase[] = [
  ['what|whats', 'did|have|had|do?', 'i|we', 'tell|told|say|said|mention|mentioned|write|wrote|note|noted|share|shared', 'you|to?', 'you?', 'earlier|before|previously?', 'about|regarding|on|re|concerning|for?'],
  ['do|did|can|could', 'you', 'remember|recall', 'what|anything|something?', 'i|we?', 'said|told|mentioned|wrote?', 'you?', 'about|regarding|on|of|re?'],
  ['search|check|look|find|scan|dig', 'up|through|in|into?', 'my|your|our|the?', 'memory|memories|notes|messages|history|conversations|chats', 'for|about|regarding|on?'],
  ['look|find', 'up|out?', 'what', 'i|we', 'mentioned|said|told|wrote|noted', 'you?', 'earlier|before|previously?', 'about|regarding|on|re|concerning?'],
  ['find|look|search', 'for|up?', 'my|the?', 'notes|note|messages', 'about|regarding|on|for?'],
  ['remind', 'me', 'what', 'i', 'said|told|mentioned'],
];

function searchMemory(m: Message): Candidate | undefined {
  const span = find(m.tokens, SEARCH_PHRASES);
  if (!span) return undefined;
  return {
    strong: true,
    at: span.from,
    build: () => {
      const rest = trim(m.tokens, span.to, m.tokens.length);
      const query = textOf(m.source, m.tokens, rest.from, rest.to).replace(/[?.!]+$/, '').trim() || m.source;
      return { kind: 'calls', calls: [{ name: 'search_memory', args: { query } }] };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Small talk and statements

function smallTalk(m: Message): Recognition | undefined {
  const words = m.tokens.filter((t) => t.kind !== 'punct').map((t) => t.norm);
  const text = words.join(' ');
  if (/^(?:what|which)(?: things)? (?:cant|can't|can not|cannot|don't|dont|do not|wont) (?:you|u) do\b|^what are (?:your|ur) (?:limits|limitations)|^what (?:can|could)(?:nt| not) you do\b/.test(text)) return { kind: 'smalltalk', topic: 'limits' };
  if (/^(?:what can (?:you|u) do|what (?:are|r) (?:you|u) (?:able|capable) (?:to|of)|what (?:do|can) (?:you|u) (?:help|do)|how can (?:you|u) help|what are you for|help|help me|what can i (?:ask|do)|what do you offer|what are your (?:features|skills|capabilities))\b/.test(text)) return { kind: 'smalltalk', topic: 'capabilities' };
  if (/^(?:who|what) are (?:you|u)\b|^are (?:you|u) (?:a |an )?(?:bot|human|robot|ai|real|person|llm|chatgpt|model)\b|^what(?:s| is) your name\b|^(?:tell me )?about (?:you|yourself)$/.test(text)) return { kind: 'smalltalk', topic: 'identity' };
  if (words.length <= 6 && /^(?:(?:thanks|thank you|thank|cheers|ta|great|perfect|awesome|nice|cool|ok|okay|got it|brilliant|much appreciated|appreciated)(?: (?:a lot|so much|very much|again|mate|buddy))?)+$/.test(text)) return { kind: 'smalltalk', topic: 'thanks' };
  if (words.length <= 6 && /^(?:bye|goodbye|good night|see you|see ya|later|ciao)\b/.test(text)) return { kind: 'smalltalk', topic: 'goodbye' };
  if (words.length <= 6 && /^(?:hi|hello|hey|hiya|yo|howdy|good (?:morning|afternoon|evening|day)|greetings|morning|hola|bonjour|hallo|salut)(?: there| again| you| sensei| tasksensei)?(?: how are you(?: doing)?)?$/.test(text)) return { kind: 'smalltalk', topic: 'greeting' };
  return undefined;
}

/** "my dog is called Rex", "I live in Lyon": something to remember, not a command. */
function isFact(m: Message): boolean {
  if (m.question) return false;
  const first = m.tokens[indexAfterLeadIn(m.tokens)]?.norm;
  return first === 'my' || first === 'our' || first === 'i' || first === 'im' || first === 'we' || first === 'the' || first === 'ive' || matchAt(m.tokens, 0, ['fyi|note|remember', 'that|:?']) > 0;
}
