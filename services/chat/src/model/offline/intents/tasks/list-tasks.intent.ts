import { find, hasWord, type Phrase, type Token } from '../../tokens.js';
import { type Message, type Candidate, indexAfterLeadIn } from '../intent.js';

const LIST_PHRASES: Phrase[] = [
  [
    'show|list|display|see|view|give|get|read|check|tell',
    'me?',
    'all|every?',
    'my|the|our?',
    'open|pending|current|outstanding|remaining|completed|finished|done|closed?',
    'task|tasks|todo|todos|checklist|list',
  ],
  ['what|whats|which|any|anything|how', '_?', '_?', '_?', '_?', 'task|tasks|todo|todos|checklist|list'],
  ['what|whats', 'is|are?', 'on|in', 'my|the', 'plate|agenda|list|todo'],
  ['what|whats', 'do|is|are?', 'i|left|still|remaining', '_?', '_?', 'have|left|do|remaining|pending'],
  ['what', 'have|did', 'i', 'already|just?', 'finish|finished|complete|completed|done'],
  ['do', 'i', 'have', 'any|anything', 'open|pending|left|outstanding|task|tasks|todo|todos'],
  ['my', 'task|tasks|todo|todos', 'list?', 'please?'],
  ['lists|list', 'my|all|the?', 'task|tasks|todo|todos'],
  ['anything', 'left|remaining|pending|open'],
  [
    'list|show|display|give|tell',
    'me?',
    'everything|all|what|whats|whatever',
    '_?',
    '_?',
    '_?',
    '_?',
    '_?',
    'left|open|outstanding|pending|remaining|do|unfinished|finished|done|completed',
  ],
  ['what', 'ive|weve', 'already|just?', 'finished|completed|done'],
  ['what|whats', 'is|are?', 'left|remaining|outstanding|pending|open|unfinished', 'for|on?', 'me|today|my?', 'list|plate|agenda?'],
];

export function listTasks(m: Message): Candidate | undefined {
  const span = find(m.tokens, LIST_PHRASES);
  if (!span) return undefined;
  // "show me what you can do" asks about the assistant, not the tasks.
  if (m.tokens.slice(span.from, span.to).some((t) => t.norm === 'you' || t.norm === 'u')) return undefined;
  // "add X to my list" is a creation, not a listing.
  if (hasWord(m.tokens, 'add', 'create', 'put', 'new', 'jot', 'remind')) return undefined;
  const only =
    (span.from === 0 || span.from === indexAfterLeadIn(m.tokens)) &&
    m.tokens.slice(span.to).every((t) => t.kind === 'punct' || ['please', 'now', 'today', 'again', 'so', 'far', 'yet'].includes(t.norm));
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
  // "everything I still have to do" is what is open; "everything, done or not" is all.
  if (
    hasWord(tokens, 'including', 'both') ||
    (hasWord(tokens, 'all', 'everything', 'every') && !open && !done) ||
    (done && open && hasWord(tokens, 'and'))
  )
    return 'all';
  if (done && !hasWord(tokens, 'not', 'still', 'yet', 'left')) return 'done';
  return 'open';
}
