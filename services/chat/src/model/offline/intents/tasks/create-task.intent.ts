import { titleFrom } from '../../slots.js';
import { find, type Phrase, type Span } from '../../tokens.js';
import { type Message, type Candidate, leadIn, indexAfterLeadIn, extendConnectors, dueArg } from '../intent.js';

// Tasks

const TASK_NOUNS = ['task', 'tasks', 'todo', 'todos', 'checklist', 'item'];
const CREATE_VERBS = ['add', 'create', 'make', 'new', 'put', 'jot', 'note', 'track', 'log', 'write', 'record', 'open', 'start'];
const CREATE_PHRASES: Phrase[] = [
  [
    'add|create|make|new|put|track|log|record|open|start|note|set',
    'me?',
    'a|an|the|another|one?',
    'new|quick|separate?',
    'task|todo|checklist',
    'item|entry?',
  ],
  ['jot|note|write|put', 'down|that'],
  ['keep|kept', 'track', 'of', 'this|that|it?', 'for?', 'me?', ':?'],
  ['track|log|record', 'this|that|it', 'for?', 'me?', ':?'],
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

export function createTask(m: Message): Candidate | undefined {
  const tokens = m.tokens;
  const head = find(tokens, CREATE_PHRASES);
  const prefixed = TASK_NOUNS.includes(tokens[0]?.norm ?? '') && tokens[1]?.text === ':' ? { from: 0, to: 2 } : undefined;
  const forPrefix = tokens[0]?.norm === 'task' && tokens[1]?.norm === 'for' ? { from: 0, to: 1 } : undefined;
  const tail = find(tokens, LIST_TAIL);
  const verbFirst =
    CREATE_VERBS.includes(tokens[leadIn(tokens, 0)]?.norm ?? '') || CREATE_VERBS.includes(tokens[indexAfterLeadIn(tokens)]?.norm ?? '');
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
      for (const span of [prefixed, head, tail, weak, forPrefix])
        if (span) removed.push({ from: leadIn(tokens, span.from), to: extendConnectors(tokens, span.to) });
      // "add X to my list": the verb at the start belongs to the command too.
      const first = indexAfterLeadIn(tokens);
      if (CREATE_VERBS.includes(tokens[first]?.norm ?? '')) removed.push({ from: 0, to: first + 1 });
      // "Could you track a task for me? Replace the bulb": the question was the command.
      const title = titleFrom(m.source, tokens, removed);
      if (!title)
        return {
          kind: 'ask',
          text: 'What should the task say?',
          pending: { name: 'create_task', args: { ...dueArg(m) }, missing: 'title' },
        };
      return { kind: 'calls', calls: [{ name: 'create_task', args: { title, ...dueArg(m) } }] };
    },
  };
}
