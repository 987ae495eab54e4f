import { matchAt } from '../tokens.js';
import { type Recognition, type Message, indexAfterLeadIn } from './intent.js';

// Small talk and statements

export function smallTalk(m: Message): Recognition | undefined {
  const words = m.tokens.filter((t) => t.kind !== 'punct').map((t) => t.norm);
  const text = words.join(' ');
  if (
    /^(?:what|which)(?: things)? (?:cant|can't|can not|cannot|don't|dont|do not|wont) (?:you|u) do\b|^what are (?:your|ur) (?:limits|limitations)|^what (?:can|could)(?:nt| not) you do\b/.test(
      text,
    )
  )
    return { kind: 'smalltalk', topic: 'limits' };
  if (
    /^(?:what can (?:you|u) do|what (?:are|r) (?:you|u) (?:able|capable) (?:to|of)|what (?:do|can) (?:you|u) (?:help|do)|how can (?:you|u) help|what are you for|help|help me|what can i (?:ask|do)|what do you offer|what are your (?:features|skills|capabilities))\b/.test(
      text,
    )
  )
    return { kind: 'smalltalk', topic: 'capabilities' };
  if (
    /^(?:who|what) are (?:you|u)\b|^are (?:you|u) (?:a |an )?(?:bot|human|robot|ai|real|person|llm|chatgpt|model)\b|^what(?:s| is) your name\b|^(?:tell me )?about (?:you|yourself)$/.test(
      text,
    )
  )
    return { kind: 'smalltalk', topic: 'identity' };
  if (
    words.length <= 6 &&
    /^(?:(?:thanks|thank you|thank|cheers|ta|great|perfect|awesome|nice|cool|ok|okay|got it|brilliant|much appreciated|appreciated)(?: (?:a lot|so much|very much|again|mate|buddy))?)+$/.test(
      text,
    )
  )
    return { kind: 'smalltalk', topic: 'thanks' };
  if (words.length <= 6 && /^(?:bye|goodbye|good night|see you|see ya|later|ciao)\b/.test(text))
    return { kind: 'smalltalk', topic: 'goodbye' };
  if (
    words.length <= 6 &&
    /^(?:hi|hello|hey|hiya|yo|howdy|good (?:morning|afternoon|evening|day)|greetings|morning|hola|bonjour|hallo|salut)(?: there| again| you| sensei| tasksensei)?(?: how are you(?: doing)?)?$/.test(
      text,
    )
  )
    return { kind: 'smalltalk', topic: 'greeting' };
  return undefined;
}

/** "my dog is called Rex", "I live in Lyon": something to remember, not a command. */
export function isFact(m: Message): boolean {
  if (m.question) return false;
  const first = m.tokens[indexAfterLeadIn(m.tokens)]?.norm;
  return (
    first === 'my' ||
    first === 'our' ||
    first === 'i' ||
    first === 'im' ||
    first === 'we' ||
    first === 'the' ||
    first === 'ive' ||
    matchAt(m.tokens, 0, ['fyi|note|remember', 'that|:?']) > 0
  );
}
