import { localIso } from '../../../../time/zoned.js';
import { titleFrom } from '../../slots.js';
import { find, hasWord, matchAt, type Phrase, type Span } from '../../tokens.js';
import { type Message, type Candidate, leadIn } from '../intent.js';

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
const REMINDER_LEAD = new Set([
  'i',
  'id',
  'need',
  'want',
  'would',
  'like',
  'a',
  'an',
  'set',
  'create',
  'add',
  'make',
  'schedule',
  'new',
  'me',
  'up',
  'one',
  'to',
  'put',
  'in',
  'quick',
]);

export function reminder(m: Message): Candidate | undefined {
  const span = find(m.tokens, REMINDER_PHRASES);
  if (!span) return undefined;
  // "remind me what I said about X" asks the memory, not for a reminder.
  if (matchAt(m.tokens, span.to, ['me?', 'what|whats']) > 0 && !m.date) return undefined;
  // "the remainder", "reminders" as a topic of a list question: not a request for a reminder.
  if (m.question && hasWord(m.tokens, 'list', 'show', 'what', 'whats', 'which') && hasWord(m.tokens, 'reminders', 'tasks'))
    return undefined;
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
      if (!m.date)
        return {
          kind: 'ask',
          text: `When should I remind you to ${title}? Give me a day and time, for example "tomorrow at 9am".`,
          pending: { name: 'schedule_reminder', args: { title }, missing: 'dueAt' },
        };
      return {
        kind: 'calls',
        calls: [{ name: 'schedule_reminder', args: { title, dueAt: localIso(m.date.instant, m.context.timezone) } }],
      };
    },
  };
}
