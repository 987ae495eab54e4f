import { negatedBefore, type Candidate, type Message, type Recognition } from './intents/intent.js';
import type { Token } from './tokens.js';

/** A command turned down before it starts ("don't remind me ...") runs nothing. */
export const negated = (m: Message, c: Candidate) => negatedBefore(m.tokens, 0, c.at);

export function declined(m: Message): Recognition {
  return {
    kind: 'say',
    text: m.tokens.some((t) => t.norm === 'remind' || t.norm === 'reminder')
      ? "OK, I won't set a reminder for that."
      : "OK, I'll leave that as it is.",
  };
}

/** "never mind", "no thanks": drops what the assistant was asking about. */
const CANCEL =
  /^(?:(?:no|nope|nah|ok|okay)\s*,?\s*)?(?:never\s*mind|nevermind|forget\s+(?:it|that|about\s+it)|cancel(?:\s+(?:it|that))?|no\s+thanks?|not\s+now|skip\s+it|don'?t\s+bother|no|nope|nah|stop)\s*[.!]*$/i;
export const isCancellation = (tokens: readonly Token[]) =>
  CANCEL.test(
    tokens
      .map((t) => t.text)
      .join(' ')
      .replace(/\s+([.!,])/g, '$1'),
  );
