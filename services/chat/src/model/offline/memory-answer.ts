import { fuzzyEquals } from '../../text/edit-distance.js';
import { GENERIC_WORDS, STOPWORDS, stem, words } from '../../text/tokens.js';
import { OfflineEmbeddings } from '../../memory/offline-embeddings.js';
import { sharedWordVectors } from '../../memory/word-vectors.js';
import { secondPerson } from './second-person.js';

export interface Remembered {
  readonly text: string;
  readonly role: 'user' | 'assistant';
}

const QUESTION_WORDS = new Set(['what', 'where', 'when', 'who', 'which', 'how', 'why', 'whose', 'whom', 'much', 'many', 'long', 'old', 'remind', 'recall', 'remember', 'again', 'know', 'tell']);
/** Words of preference and degree: they say how a question is asked, not what it is about. */
const SOFT_WORDS = new Set(['like', 'love', 'most', 'best', 'favourite', 'favorite', 'prefer', 'usually', 'really', 'exactly', 'currently']);

function keywords(text: string): { word: string; stem: string; weight: number }[] {
  return words(text)
    .filter((w) => !STOPWORDS.has(w) && !QUESTION_WORDS.has(w))
    .map((w) => ({ word: w, stem: stem(w), weight: (GENERIC_WORDS.has(w) || SOFT_WORDS.has(w) ? 0.3 : 1) * rarity(w) }));
}

/** Rare words say more about what is asked than common ones (a frequency-rank IDF stand-in). */
function rarity(word: string): number {
  const rank = sharedWordVectors().rank(word) ?? 50_000;
  return Math.log(1 + (rank + 1) / 200);
}

/** "where did I study" is about the user; "my daughter studies" is about someone else. */
function aboutSelf(text: string): boolean {
  const w = words(text);
  return w.includes('i') && !w.includes('my') && !w.includes('our');
}

/** Word-vector similarity below this says nothing; from it up to SURE it counts for more and more. */
const RELATED = 0.25;
const SURE = 0.75;
/** A word that only means the same counts for less than the word itself. */
const RELATED_CAP = 0.85;

/**
 * How much a remembered word stands for a word of the question: 1 for the same word (typos
 * allowed), less for a related one by the word vectors ("spouse" and "husband").
 */
function closeness(wanted: { word: string; stem: string }, have: readonly { word: string; stem: string }[]): number {
  let best = 0;
  const vectors = sharedWordVectors();
  for (const h of have) {
    if (h.stem === wanted.stem || fuzzyEquals(wanted.stem, h.stem) || (wanted.stem.length >= 5 && (h.stem.startsWith(wanted.stem) || wanted.stem.startsWith(h.stem)))) return 1;
    const similarity = vectors.similarity(wanted.word, h.word) ?? 0;
    if (similarity > RELATED) best = Math.max(best, Math.min(1, (similarity - RELATED) / (SURE - RELATED)) * RELATED_CAP);
  }
  return best;
}

/** How much of the question a remembered message speaks to (0: nothing in common). */
export function relevance(question: string, candidate: string): number {
  const wanted = keywords(question);
  const have = words(candidate)
    .filter((w) => !STOPWORDS.has(w))
    .map((w) => ({ word: w, stem: stem(w) }));
  if (wanted.length === 0) return 0;
  let score = 0;
  for (const w of wanted) score += w.weight * closeness(w, have);
  return score / wanted.reduce((sum, w) => sum + w.weight, 0);
}

/** How much the closeness in meaning of whole sentences adds to the overlap of their words. */
const MEANING = 0.3;
let embedding: OfflineEmbeddings | undefined;
const meaning = () => (embedding ??= new OfflineEmbeddings());

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
    let score = (relevance(question, item.text) + MEANING * meaning().semanticSimilarity(question, item.text)) * (item.role === 'user' ? 1 : 0.6) - rank * 0.001;
    if (self && score > 0 && /^(i|i'm|im|i've|i'd)\b/i.test(item.text.trim())) score += 0.1;
    if (!best || score > best.score) best = { item, score };
  });
  if (!best || best.score < 0.3) return undefined;
  const statement = best.item.role === 'user' ? secondPerson(best.item.text) : best.item.text.replace(/[.!\s]+$/, '');
  return `From what you told me earlier: ${statement}.`;
}
