import { DETECTORS } from './intents/detectors.js';
import { isPersonal, type PendingCall, type Recognition, type RecogniserContext } from './intents/intent.js';
import { isFact, smallTalk } from './intents/small-talk.intent.js';
import { readMessage } from './message.js';
import { declined, isCancellation, negated } from './negation.js';
import { answerPending } from './pending-answer.js';
import { severalCommands } from './several-commands.js';

export type { PendingCall, Recognition, RecogniserContext, ToolCallIntent } from './intents/intent.js';
export { readMessage } from './message.js';

/**
 * The offline model's understanding: intent and arguments from a message, with no model. Each
 * detector (intents/, one per automation, in the folders of automations/) looks for its own phrases (typo-tolerant, see
 * tokens.ts) and says where in the message its command starts; explicit commands beat hedged ones
 * ("I need to ..."), and the first command in a clause is the one meant ("remind me to upload
 * x.pdf" is a reminder, not an upload). On top of that:
 * - a message with several commands ("add X and remind me Friday to Y") runs each of them;
 * - a negated command ("don't remind me ...") runs nothing;
 * - the answer to a question the assistant asked (`pending`) completes the call it was building.
 */
export function recognise(source: string, context: RecogniserContext, pending?: PendingCall): Recognition {
  const message = readMessage(source, context);
  if (!message) return { kind: 'unknown' };
  if (pending) {
    const answered = answerPending(message, pending);
    if (answered) return answered;
  }
  if (isCancellation(message.tokens)) return { kind: 'say', text: pending ? "OK, I've dropped that." : 'OK.' };
  const small = smallTalk(message);
  if (small) return small;

  const several = severalCommands(message, context);
  if (several) return several;

  const candidates = DETECTORS.flatMap((detect) => detect(message) ?? []);
  const strong = candidates.filter((c) => c.strong).sort((a, b) => a.at - b.at);
  if (strong[0]) return negated(message, strong[0]) ? declined(message) : strong[0].build();
  // A question that is no command may be about something the user told us (the model checks).
  if (message.question) return { kind: 'memory-question', personal: isPersonal(message.tokens) };
  const weak = candidates.sort((a, b) => a.at - b.at)[0];
  if (weak) return negated(message, weak) ? declined(message) : weak.build();
  if (isFact(message)) return { kind: 'fact' };
  return { kind: 'unknown' };
}
