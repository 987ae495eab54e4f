import { find, hasWord, type Phrase } from '../tokens.js';
import { type Message, type Candidate } from './intent.js';

const UPGRADE_PHRASES: Phrase[] = [
  ['upgrade|upgrading|upgraded'],
  ['go|become|get|buy|purchase|start|want|join', 'a|the|to?', 'premium|pro|paid'],
  ['premium|paid|pro', 'plan|membership|subscription|account|tier|version'],
  ['subscribe|sign', 'me?', 'up?', 'to|for?', 'the|a?', 'pro|premium|paid|plan|subscription'],
  ['checkout'],
];

export function upgrade(m: Message): Candidate | undefined {
  const span = find(m.tokens, UPGRADE_PHRASES);
  if (!span) return undefined;
  // "what does pro cost?" asks about the plan; wanting it is what starts a checkout.
  if (m.question && !hasWord(m.tokens, 'upgrade', 'get', 'buy', 'subscribe', 'sign', 'start', 'become', 'join', 'checkout', 'go', 'want')) return undefined;
  return { strong: true, at: span.from, build: () => ({ kind: 'calls', calls: [{ name: 'start_upgrade', args: { planId: 'pro' } }] }) };
}
