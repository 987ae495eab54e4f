import { trim } from '../../slots.js';
import { find, textOf, type Phrase } from '../../tokens.js';
import { type Message, type Candidate } from '../intent.js';

const SEARCH_PHRASES: Phrase[] = [
  [
    'what|whats',
    'did|have|had|do?',
    'i|we',
    'tell|told|say|said|mention|mentioned|write|wrote|note|noted|share|shared',
    'you|to?',
    'you?',
    'earlier|before|previously?',
    'about|regarding|on|re|concerning|for?',
  ],
  [
    'do|did|can|could',
    'you',
    'remember|recall',
    'what|anything|something?',
    'i|we?',
    'said|told|mentioned|wrote?',
    'you?',
    'about|regarding|on|of|re?',
  ],
  [
    'search|check|look|find|scan|dig|go',
    'up|through|in|into|over|back?',
    'through|over|in?',
    'my|your|our|the?',
    'past|previous|old|older|earlier|recent|former|last?',
    'memory|memories|notes|messages|history|conversations|conversation|chats|chat',
    'and?',
    'find|see|check|look|search?',
    'for|about|regarding|on|up|out?',
  ],
  ['have|did', 'i|we', 'ever|already?', 'mention|mentioned|told|tell|said|say|talk|talked', 'you?', 'about|of|regarding?'],
  [
    'look|find',
    'up|out?',
    'what',
    'i|we',
    'mentioned|said|told|wrote|noted',
    'you?',
    'earlier|before|previously?',
    'about|regarding|on|re|concerning?',
  ],
  ['find|look|search', 'for|up?', 'my|the?', 'notes|note|messages', 'about|regarding|on|for?'],
  ['remind', 'me', 'what', 'i', 'said|told|mentioned'],
];

export function searchMemory(m: Message): Candidate | undefined {
  const span = find(m.tokens, SEARCH_PHRASES);
  if (!span) return undefined;
  return {
    strong: true,
    at: span.from,
    build: () => {
      let end = m.tokens.length;
      // "have I mentioned the permit before?": the time words say when, not what.
      while (
        end > span.to &&
        (m.tokens[end - 1]!.kind === 'punct' ||
          ['before', 'earlier', 'previously', 'already', 'ever', 'yet', 'again'].includes(m.tokens[end - 1]!.norm))
      )
        end--;
      const rest = trim(m.tokens, span.to, end);
      const query =
        textOf(m.source, m.tokens, rest.from, rest.to)
          .replace(/[?.!]+$/, '')
          .trim() || m.source;
      return { kind: 'calls', calls: [{ name: 'search_memory', args: { query } }] };
    },
  };
}
