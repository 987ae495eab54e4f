import { titleFrom } from '../../slots.js';
import { find, type Phrase, type Span, type Token } from '../../tokens.js';
import { type Message, type Candidate, leadIn, indexAfterLeadIn } from '../intent.js';

const DONE_WORDS =
  'done|complete|completed|finished|closed|resolved|over|ticked|checked|bought|sent|paid|handled|sorted|fixed|booked|returned|submitted|cleaned|ordered|delivered';
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
  [
    ',?',
    'mark|tick|check|cross|close|set',
    'it|that|this|them',
    'off|done|as|complete|completed|finished|task?',
    'done|complete|completed|finished|off?',
  ],
  [',?', 'you', 'can|may', 'close|remove|tick|mark|check|cross', 'it|that|this', 'task|off|done?'],
  ['task|todo|item'],
];
const PARTICIPLE =
  /^(?:[a-z]+ed|bought|sent|paid|done|made|written|taken|given|gone|seen|built|sold|told|found|kept|left|met|read|run|won|spoken|eaten|drawn|driven|fed|held|hung|lent|lost|put|set|shut|spent|split|spread|thought|understood|woken|worn)$/;

export function completeTask(m: Message): Candidate | undefined {
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
  const perfect = find(tokens, [
    ['i|we', 'have|ve|just|already?', 'just|already?', '_'],
    ['ive|weve', 'just|already?', '_'],
  ]);
  const perfectVerb = perfect ? tokens[perfect.to - 1] : undefined;
  // "I've bought the ink" reads as done only when nothing more explicit claims the sentence.
  let strong = true;
  if (
    at === undefined &&
    perfect &&
    perfect.from === indexAfterLeadIn(tokens) &&
    perfectVerb &&
    PARTICIPLE.test(perfectVerb.norm) &&
    hasVerbPrefix(tokens, perfect)
  ) {
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
const STATIVE = new Set([
  'called',
  'named',
  'located',
  'based',
  'born',
  'married',
  'engaged',
  'interested',
  'excited',
  'tired',
  'supposed',
  'used',
  'related',
  'involved',
  'allowed',
  'scheduled',
  'planned',
  'expected',
  'required',
  'needed',
  'worried',
  'pleased',
  'bored',
  'closed',
]);

/**
 * "<something> is/are/has been <done word or participle>" ending its clause: "the invoices are
 * sent, tick that off", "the SSL certificate is renewed". Not "my dog is called Rex".
 */
function doneClause(tokens: readonly Token[]): Span | undefined {
  for (const phrase of [
    ['is|are|was|were', 'now|all|already?', '_'],
    ['has|have', 'been', 'now|all|already?', '_'],
  ] satisfies Phrase[]) {
    const span = find(tokens, [phrase]);
    if (!span || span.from === 0) continue;
    const word = tokens[span.to - 1]!.norm;
    const next = tokens[span.to];
    const clauseEnds =
      !next ||
      (next.kind === 'punct' && /^[,.;!]$/.test(next.text)) ||
      ['so', 'now', 'already', 'too', 'finally', 'and', 'you', 'please'].includes(next.norm);
    if (new RegExp(`^(?:${DONE_WORDS})$`).test(word) || (PARTICIPLE.test(word) && !STATIVE.has(word) && clauseEnds)) return span;
  }
  return undefined;
}

/** "I've bought the ink": the perfect form of a verb, not "I have a question". */
function hasVerbPrefix(tokens: readonly Token[], span: Span): boolean {
  return tokens.slice(span.from, span.to - 1).some((t) => ['ive', 'weve', 'have', 'just', 'already'].includes(t.norm));
}
