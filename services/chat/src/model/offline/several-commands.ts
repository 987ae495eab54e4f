import { localIso } from '../../time/zoned.js';
import { DETECTORS } from './intents/detectors.js';
import { dueArg, type Message, type Recognition, type RecogniserContext, type ToolCallIntent } from './intents/intent.js';
import { createTask } from './intents/tasks/create-task.intent.js';
import { readMessage } from './message.js';
import { declined, negated } from './negation.js';
import { cleanText, quotedParts } from './slots.js';

const SEPARATORS = new Set(['and', 'then', 'also', 'but', 'plus', ',', ';', '.', '&']);
/** Words a clause may start with before its command ("and also please remind me", "but do add"). */
const CLAUSE_LEAD = new Set([
  'and',
  'then',
  'also',
  'but',
  'plus',
  'please',
  'pls',
  'can',
  'could',
  'would',
  'you',
  'do',
  'dont',
  'not',
  'no',
  'need',
  'to',
  'never',
  'mind',
  'i',
  'id',
  'just',
  'finally',
  'lastly',
  'after',
  'that',
  'so',
  'too',
  'kindly',
  'want',
  'like',
]);

/**
 * "add X and remind me Friday to Y", "remind me at 3 to call Sato, then list my tasks": cut the
 * message where a new command starts, read each clause on its own (with its own date), and run
 * every command that is not turned down. Only when at least two clauses are commands.
 */
export function severalCommands(message: Message, context: RecogniserContext): Recognition | undefined {
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
  const clauses = [0, ...cuts].map((from, k) =>
    message.source.slice(tokens[from]!.start, k < cuts.length ? tokens[cuts[k]!]!.start : undefined),
  );
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
  if (quoted.length >= 2 && createTask(message)?.strong)
    return { kind: 'calls', calls: quoted.map((title) => ({ name: 'create_task', args: { title, ...dueArg(message) } })) };
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
