import { find, hasWord, type Phrase } from '../../tokens.js';
import { type Message, type Candidate } from '../intent.js';

const UPGRADE_PHRASES: Phrase[] = [
  // Not "upgraded": "my friend upgraded his phone" tells, it does not ask.
  ['upgrade|upgrading'],
  ['go|become|get|buy|purchase|start|want|join|switch|move', 'to|on|onto?', 'a|the?', 'premium|pro'],
  // "paid" alone is about money ("get paid faster"), not the plan.
  [
    'go|become|get|buy|purchase|start|want|join|switch|move',
    'to|on|onto?',
    'a|the?',
    'paid',
    'plan|membership|subscription|account|tier|version',
  ],
  ['premium|paid|pro', 'plan|membership|subscription|account|tier|version'],
  ['subscribe|sign', 'me?', 'up?', 'to|for?', 'the|a?', 'pro|premium|paid|plan|subscription'],
  ['checkout'],
];

const OBJECTS = new Set([
  'me',
  'us',
  'myself',
  'please',
  'now',
  'today',
  'asap',
  'to',
  'plan',
  'account',
  'subscription',
  'membership',
  'tier',
  'pro',
  'premium',
]);
const PLAN_NOUNS = new Set([
  'account',
  'plan',
  'subscription',
  'membership',
  'tier',
  'workspace',
  'business',
  'company',
  'profile',
  'package',
]);

function upgradesThePlan(m: Message, at: number): boolean {
  const next = m.tokens[at];
  if (!next || next.kind === 'punct' || next.norm === 'and' || OBJECTS.has(next.norm)) return true;
  if (['my', 'our', 'the', 'this'].includes(next.norm)) return PLAN_NOUNS.has(m.tokens[at + 1]?.norm ?? '');
  return false;
}

export function upgrade(m: Message): Candidate | undefined {
  const span = find(m.tokens, UPGRADE_PHRASES);
  if (!span) return undefined;
  // "upgrade me", "upgrade my account", "upgrade to pro": the plan is what is upgraded, not "the shop's tills".
  if (['upgrade', 'upgrading'].includes(m.tokens[span.from]!.norm) && !upgradesThePlan(m, span.to)) return undefined;
  // "what does pro cost?" asks about the plan; wanting it is what starts a checkout.
  if (m.question && !hasWord(m.tokens, 'upgrade', 'get', 'buy', 'subscribe', 'sign', 'start', 'become', 'join', 'checkout', 'go', 'want'))
    return undefined;
  return { strong: true, at: span.from, build: () => ({ kind: 'calls', calls: [{ name: 'start_upgrade', args: { planId: 'pro' } }] }) };
}
