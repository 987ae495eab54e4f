import { findDate } from './dates.js';
import { QUESTION_WORDS, type Message, type RecogniserContext } from './intents/intent.js';
import { tokenize } from './tokens.js';

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
    question:
      /\?\s*$/.test(text) ||
      (QUESTION_WORDS.has(tokens[0]!.norm) && tokens[1]?.norm !== 'not') ||
      (tokens[0]!.norm === 'how' && tokens[1]?.norm !== 'about'),
    context,
  };
}
