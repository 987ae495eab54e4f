import { trim } from '../../slots.js';
import { find, textOf, type Phrase } from '../../tokens.js';
import { indexAfterLeadIn, type Candidate, type Message } from '../intent.js';

const FORGET_PHRASES: Phrase[] = [
  ['forget|unlearn', 'what|everything|anything', 'i|we', 'said|told|mentioned|wrote|shared', 'you?', 'about|regarding|on|re|concerning?'],
  ['forget', 'all|everything?', 'about|that|this|it?'],
  [
    'delete|erase|remove|wipe|clear|drop|purge',
    'what|everything|anything|all',
    'you',
    'know|remember|have|stored|saved|kept',
    'about|regarding|on|of?',
  ],
  [
    'delete|erase|remove|wipe|clear|drop|purge',
    'what|everything|anything|all',
    'i',
    'said|told|mentioned',
    'you?',
    'about|regarding|on|of?',
  ],
  ['delete|erase|remove|wipe|clear|purge', 'my|the|your|that?', 'memory|memories|note', 'of|about|on|regarding|that?'],
  ['i', 'dont|do', 'not?', 'want', 'you', 'to', 'remember|know|keep|store', 'that?'],
  ['stop|quit', 'remembering'],
  ['dont|do', 'not?', 'remember|keep|store', 'that?'],
];
/** "forget" is a command only at the start: "I forgot my umbrella", "don't let me forget" are not. */
const TAIL_WORDS = new Set(['anymore', 'any', 'more', 'longer', 'please', 'again', 'ever', 'forever', 'for', 'good', 'now']);

/** "forget that my accountant is Tom", "forget what I said about the bonus", "delete what you know about X". */
export function forgetMemory(m: Message): Candidate | undefined {
  const span = find(m.tokens, FORGET_PHRASES);
  if (!span || span.from > indexAfterLeadIn(m.tokens)) return undefined;
  return {
    strong: true,
    at: span.from,
    build: () => {
      let to = m.tokens.length;
      while (to > span.to && (TAIL_WORDS.has(m.tokens[to - 1]!.norm) || m.tokens[to - 1]!.kind === 'punct')) to--;
      const rest = trim(m.tokens, span.to, to);
      const query = textOf(m.source, m.tokens, rest.from, rest.to)
        .replace(/[?.!]+$/, '')
        .trim();
      if (!query)
        return {
          kind: 'ask',
          text: 'What should I forget? Tell me what it was about, for example "forget what I said about the alarm code".',
        };
      return { kind: 'calls', calls: [{ name: 'forget_memory', args: { query } }] };
    },
  };
}
