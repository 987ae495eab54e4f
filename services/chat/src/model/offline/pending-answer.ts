import { contentTypeFor } from '../../automations/remote/content-types.js';
import { localIso } from '../../time/zoned.js';
import { DETECTORS } from './intents/detectors.js';
import type { Message, PendingCall, Recognition } from './intents/intent.js';
import { isCancellation } from './negation.js';
import { cleanText, nameAfter, timezoneIn } from './slots.js';
import type { Token } from './tokens.js';

/**
 * The message as the answer the pending question waited for: a time for a reminder, a file name
 * for an upload, a name, company or zone for the profile, a title for a task. A message that is
 * a command of its own, or that does not answer, is read as a new message.
 */
export function answerPending(m: Message, pending: PendingCall): Recognition | undefined {
  if (isCancellation(m.tokens)) return undefined;
  const command = DETECTORS.some((detect) => detect(m)?.strong === true);
  const call = (args: Record<string, unknown>): Recognition => ({
    kind: 'calls',
    calls: [{ name: pending.name, args: { ...pending.args, ...args } }],
  });
  switch (pending.missing) {
    case 'dueAt': {
      if (
        !m.date ||
        (command && !m.tokens.slice(0, 2).some((t) => ['at', 'on', 'in', 'tomorrow', 'today', 'tonight', 'next', 'this'].includes(t.norm)))
      )
        return undefined;
      return call({ dueAt: localIso(m.date.instant, m.context.timezone) });
    }
    case 'filename': {
      const file = m.tokens.find((t) => t.kind === 'file');
      if (!file) return undefined;
      return call({ filename: file.text, contentType: contentTypeFor(file.text) });
    }
    case 'timezone': {
      const zone = timezoneIn(m.source);
      return zone ? call({ timezone: zone }) : undefined;
    }
    case 'displayName':
    case 'company':
    case 'title': {
      if (command || m.question) return undefined;
      const value =
        pending.missing === 'title' ? cleanText(m.source.replace(/[.!]+$/, '')) : nameAfter(m.source, m.tokens, leadingFiller(m.tokens));
      if (!value || (pending.missing !== 'title' && value.split(/\s+/).length > 6)) return undefined;
      return call({ [pending.missing]: value });
    }
  }
}

/** "it's Claire Dubois", "call it Acme": the words before the answer. */
function leadingFiller(tokens: readonly Token[]): number {
  const fillers = new Set([
    'its',
    'it',
    'is',
    'my',
    'name',
    'the',
    'company',
    'call',
    'me',
    'make',
    'set',
    'to',
    'should',
    'be',
    'please',
    'just',
    'ok',
    'okay',
    'sure',
    'yes',
    'called',
    'named',
    ':',
    ',',
  ]);
  let i = 0;
  while (i < tokens.length - 1 && fillers.has(tokens[i]!.norm)) i++;
  return i;
}
