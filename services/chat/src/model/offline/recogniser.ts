import { contentTypeFor } from '../../automations/remote/content-types.js';
import { localIso } from '../../time/zoned.js';
import { findDate } from './dates.js';
import { completeTask } from './intents/complete-task.intent.js';
import { createTask } from './intents/create-task.intent.js';
import { forgetMemory } from './intents/forget-memory.intent.js';
import { dueArg, isPersonal, negatedBefore, QUESTION_WORDS, type Candidate, type Message, type PendingCall, type Recognition, type RecogniserContext, type ToolCallIntent } from './intents/intent.js';
import { listTasks } from './intents/list-tasks.intent.js';
import { profile } from './intents/profile.intent.js';
import { reminder } from './intents/reminder.intent.js';
import { searchMemory } from './intents/search-memory.intent.js';
import { isFact, smallTalk } from './intents/small-talk.intent.js';
import { upgrade } from './intents/upgrade.intent.js';
import { upload } from './intents/upload.intent.js';
import { cleanText, nameAfter, quotedParts, timezoneIn } from './slots.js';
import { tokenize, type Token } from './tokens.js';

export type { PendingCall, Recognition, RecogniserContext, ToolCallIntent } from './intents/intent.js';

const DETECTORS = [reminder, createTask, listTasks, completeTask, upload, upgrade, profile, searchMemory, forgetMemory];

/**
 * The offline model's understanding: intent and arguments from a message, with no model. Each
 * detector (intents/, one per automation) looks for its own phrases (typo-tolerant, see
 * tokens.ts) and says where in the message its command starts; explicit commands beat hedged ones
 * ("I need to ..."), and the first command in a clause is the one meant ("remind me to upload
 * x.pdf" is a reminder, not an upload). On top of that:
 * - a message with several commands ("add X and remind me Friday to Y") runs each of them;
 * - a negated command ("don't remind me ...") runs nothing;
 * - the answer to a question the assistant asked (`pending`) completes the call it was building.
 */
export function recognise(source: string, context: RecogniserContext, pending?: PendingCall): Recognition {
  const message = readMessage(source, context);
  if (!message) return { kind: 'unknown' };
  if (pending) {
    const answered = answerPending(message, pending);
    if (answered) return answered;
  }
  if (isCancellation(message.tokens)) return { kind: 'say', text: pending ? "OK, I've dropped that." : 'OK.' };
  const small = smallTalk(message);
  if (small) return small;

  const several = severalCommands(message, context);
  if (several) return several;

  const candidates = DETECTORS.flatMap((detect) => detect(message) ?? []);
  const strong = candidates.filter((c) => c.strong).sort((a, b) => a.at - b.at);
  if (strong[0]) return negated(message, strong[0]) ? declined(message) : strong[0].build();
  // A question that is no command may be about something the user told us (the model checks).
  if (message.question) return { kind: 'memory-question', personal: isPersonal(message.tokens) };
  const weak = candidates.sort((a, b) => a.at - b.at)[0];
  if (weak) return negated(message, weak) ? declined(message) : weak.build();
  if (isFact(message)) return { kind: 'fact' };
  return { kind: 'unknown' };
}

/** A message as the detectors read it: tokens, the date it names, whether it asks. */
export function readMessage(source: string, context: RecogniserContext): Message | undefined {
  const text = source.trim();
  const tokens = tokenize(text);
  if (tokens.length === 0) return undefined;
  return {
    source: text,
    tokens,
    date: findDate(tokens, context.now, context.timezone),
    // "do not mark it done" tells; "do I have tasks" asks.
    question: /\?\s*$/.test(text) || (QUESTION_WORDS.has(tokens[0]!.norm) && tokens[1]?.norm !== 'not') || (tokens[0]!.norm === 'how' && tokens[1]?.norm !== 'about'),
    context,
  };
}

// ---------------------------------------------------------------------------------------------
// Negation

const negated = (m: Message, c: Candidate) => negatedBefore(m.tokens, 0, c.at);

function declined(m: Message): Recognition {
  return { kind: 'say', text: m.tokens.some((t) => t.norm === 'remind' || t.norm === 'reminder') ? "OK, I won't set a reminder for that." : "OK, I'll leave that as it is." };
}

const CANCEL = /^(?:(?:no|nope|nah|ok|okay)\s*,?\s*)?(?:never\s*mind|nevermind|forget\s+(?:it|that|about\s+it)|cancel(?:\s+(?:it|that))?|no\s+thanks?|not\s+now|skip\s+it|don'?t\s+bother|no|nope|nah|stop)\s*[.!]*$/i;
const isCancellation = (tokens: readonly Token[]) => CANCEL.test(tokens.map((t) => t.text).join(' ').replace(/\s+([.!,])/g, '$1'));

// ---------------------------------------------------------------------------------------------
// Several commands in one message

const SEPARATORS = new Set(['and', 'then', 'also', 'but', 'plus', ',', ';', '.', '&']);
/** Words a clause may start with before its command ("and also please remind me", "but do add"). */
const CLAUSE_LEAD = new Set(['and', 'then', 'also', 'but', 'plus', 'please', 'pls', 'can', 'could', 'would', 'you', 'do', 'dont', 'not', 'no', 'need', 'to', 'never', 'mind', 'i', 'id', 'just', 'finally', 'lastly', 'after', 'that', 'so', 'too', 'kindly', 'want', 'like']);

/**
 * "add X and remind me Friday to Y", "remind me at 3 to call Sato, then list my tasks": cut the
 * message where a new command starts, read each clause on its own (with its own date), and run
 * every command that is not turned down. Only when at least two clauses are commands.
 */
function severalCommands(message: Message, context: RecogniserContext): Recognition | undefined {
  const listed = listedTasks(message, context);
  if (listed) return listed;
  const tokens = message.tokens;
  const cuts: number[] = [];
  for (let i = 1; i < tokens.length; i++) {
    if (!SEPARATORS.has(tokens[i]!.norm) || SEPARATORS.has(tokens[i - 1]!.norm)) continue;
    let start = i;
    while (start < tokens.length && SEPARATORS.has(tokens[start]!.norm)) start++;
    const rest = readMessage(message.source.slice(tokens[start]?.start ?? message.source.length), context);
    if (rest && startsWithCommand(rest)) cuts.push(i);
  }
  if (cuts.length === 0) return undefined;
  const clauses = [0, ...cuts].map((from, k) => message.source.slice(tokens[from]!.start, k < cuts.length ? tokens[cuts[k]!]!.start : undefined));
  const calls: ToolCallIntent[] = [];
  let commands = 0;
  for (const clause of clauses) {
    const m = readMessage(clause.replace(/^[\s,;.&]*(?:and|then|also|but|plus)?[\s,]*/i, ''), context);
    if (!m) continue;
    const candidate = DETECTORS.flatMap((detect) => detect(m) ?? [])
      .filter((c) => c.strong)
      .sort((a, b) => a.at - b.at)[0];
    if (!candidate) return undefined;
    commands++;
    if (negated(m, candidate)) continue;
    const built = candidate.build();
    if (built.kind !== 'calls') return undefined;
    calls.push(...built.calls);
  }
  if (commands < 2) return undefined;
  return calls.length > 0 ? { kind: 'calls', calls } : declined(message);
}

function startsWithCommand(m: Message): boolean {
  let first = 0;
  while (first < m.tokens.length && CLAUSE_LEAD.has(m.tokens[first]!.norm)) first++;
  return DETECTORS.some((detect) => {
    const c = detect(m);
    return c?.strong === true && c.at <= first + 1;
  });
}

/** "add two things to my list: fix the template; email the supplier", "create tasks: A, B and C". */
function listedTasks(message: Message, context: RecogniserContext): Recognition | undefined {
  const quoted = quotedParts(message.source);
  if (quoted.length >= 2 && createTask(message)?.strong) return { kind: 'calls', calls: quoted.map((title) => ({ name: 'create_task', args: { title, ...dueArg(message) } })) };
  const match = /^(.*?\b(?:tasks|todos|things|items|to-?dos)\b[^:]*):\s*(.+)$/i.exec(message.source);
  if (!match) return undefined;
  const head = readMessage(match[1]!, context);
  if (!head || !head.tokens.some((t) => ['add', 'create', 'make', 'put', 'new', 'note', 'jot', 'track'].includes(t.norm))) return undefined;
  const items = match[2]!
    .split(/\s*(?:;|,|\band\b|\bthen\b)\s*/i)
    .map((item) => cleanText(item.replace(/[.!]+$/, '')))
    .filter(Boolean);
  if (items.length < 2) return undefined;
  const calls = items.map((item) => {
    const m = readMessage(item, context);
    const dueAt = m?.date ? localIso(m.date.instant, context.timezone) : undefined;
    return { name: 'create_task', args: { title: item, ...(dueAt ? { dueAt } : {}) } };
  });
  return { kind: 'calls', calls };
}

// ---------------------------------------------------------------------------------------------
// Answers to the assistant's own question

/**
 * The message as the answer the pending question waited for: a time for a reminder, a file name
 * for an upload, a name, company or zone for the profile, a title for a task. A message that is
 * a command of its own, or that does not answer, is read as a new message.
 */
function answerPending(m: Message, pending: PendingCall): Recognition | undefined {
  if (isCancellation(m.tokens)) return undefined;
  const command = DETECTORS.some((detect) => detect(m)?.strong === true);
  const call = (args: Record<string, unknown>): Recognition => ({ kind: 'calls', calls: [{ name: pending.name, args: { ...pending.args, ...args } }] });
  switch (pending.missing) {
    case 'dueAt': {
      if (!m.date || (command && !m.tokens.slice(0, 2).some((t) => ['at', 'on', 'in', 'tomorrow', 'today', 'tonight', 'next', 'this'].includes(t.norm)))) return undefined;
      return call({ dueAt: localIso(m.date.instant, m.context.timezone) });
    }
    case 'filename': {
      const file = m.tokens.find((t) => t.kind === 'file');
      if (!file) return undefined;
      return call({ filename: file.text, contentType: contentTypeFor(file.text) });
    }
    case 'timezone': {
      const zone = timezoneIn(m.source);
      return zone ? call({ timezone: zone }) : undefined;
    }
    case 'displayName':
    case 'company':
    case 'title': {
      if (command || m.question) return undefined;
      const value = pending.missing === 'title' ? cleanText(m.source.replace(/[.!]+$/, '')) : nameAfter(m.source, m.tokens, leadingFiller(m.tokens));
      if (!value || (pending.missing !== 'title' && value.split(/\s+/).length > 6)) return undefined;
      return call({ [pending.missing]: value });
    }
  }
}

/** "it's Claire Dubois", "call it Acme": the words before the answer. */
function leadingFiller(tokens: readonly Token[]): number {
  const fillers = new Set(['its', 'it', 'is', 'my', 'name', 'the', 'company', 'call', 'me', 'make', 'set', 'to', 'should', 'be', 'please', 'just', 'ok', 'okay', 'sure', 'yes', 'called', 'named', ':', ',']);
  let i = 0;
  while (i < tokens.length - 1 && fillers.has(tokens[i]!.norm)) i++;
  return i;
}
