import { fuzzyEquals } from '../../text/edit-distance.js';
import { GENERIC_WORDS, STOPWORDS, stem, words } from '../../text/tokens.js';
import { secondPerson } from './second-person.js';

export interface Remembered {
  readonly text: string;
  readonly role: 'user' | 'assistant';
}

const QUESTION_WORDS = new Set(['what', 'where', 'when', 'who', 'which', 'how', 'why', 'whose', 'whom', 'much', 'many', 'long', 'old', 'remind', 'recall', 'remember', 'again', 'know', 'tell']);
/** Words of preference and degree: they say how a question is asked, not what it is about. */
const SOFT_WORDS = new Set(['like', 'love', 'most', 'best', 'favourite', 'favorite', 'prefer', 'usually', 'really', 'exactly', 'currently']);

function keywords(text: string): { stem: string; weight: number }[] {
  return words(text)
    .filter((w) => !STOPWORDS.has(w) && !QUESTION_WORDS.has(w))
    .map((w) => ({ stem: stem(w), weight: GENERIC_WORDS.has(w) || SOFT_WORDS.has(w) ? 0.3 : 1 }));
}

/** "where did I study" is about the user; "my daughter studies" is about someone else. */
function aboutSelf(text: string): boolean {
  const w = words(text);
  return w.includes('i') && !w.includes('my') && !w.includes('our');
}

/** How much of the question a remembered message speaks to (0: nothing in common). */
export function relevance(question: string, candidate: string): number {
  const wanted = keywords(question);
  const have = words(candidate).map(stem);
  if (wanted.length === 0) return 0;
  let score = 0;
  for (const w of wanted) if (have.some((h) => h === w.stem || fuzzyEquals(w.stem, h) || (w.stem.length >= 5 && (h.startsWith(w.stem) || w.stem.startsWith(h))))) score += w.weight;
  return score / wanted.reduce((sum, w) => sum + w.weight, 0);
}

/**
 * Answers a question about the user from what they said before (the recalled memories and the
 * earlier turns of this conversation), by the best overlap of content words, typos allowed. The
 * answer is their own statement said back to them; nothing is made up when nothing fits.
 */
export function answerFromMemory(question: string, remembered: readonly Remembered[]): string | undefined {
  let best: { item: Remembered; score: number } | undefined;
  const self = aboutSelf(question);
  remembered.forEach((item, rank) => {
    if (/\?\s*$/.test(item.text)) return;
    // Recall order breaks ties; the user's own words count more than the assistant's.
    let score = relevance(question, item.text) * (item.role === 'user' ? 1 : 0.6) - rank * 0.001;
    if (self && score > 0 && /^(i|i'm|im|i've|i'd)\b/i.test(item.text.trim())) score += 0.1;
    if (!best || score > best.score) best = { item, score };
  });
  if (!best || best.score < 0.3) return undefined;
  const statement = best.item.role === 'user' ? secondPerson(best.item.text) : best.item.text.replace(/[.!\s]+$/, '');
  return `From what you told me earlier: ${statement}.`;
}
