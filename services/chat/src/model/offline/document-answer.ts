import { relevance } from './memory-answer.js';

export interface OfflinePassage {
  readonly ref: number;
  readonly label: string;
  readonly text: string;
}

/** Relevance blends shared words with closeness in meaning (word vectors): an unrelated sentence can reach 0.6. */
const MIN_RELEVANCE = 0.7;

/**
 * The offline model's answer from the user's files: it cannot reason over them, so it quotes
 * the sentences that best match the question (content words in common, typos allowed), each with
 * its file, page and passage number for the citation. Nothing when no passage speaks to it.
 */
export function answerFromDocuments(question: string, passages: readonly OfflinePassage[]): string | undefined {
  const quotes = passages
    .map((passage) => ({ passage, ...bestSentence(question, passage.text) }))
    .filter((q) => q.score >= MIN_RELEVANCE)
    .sort((a, b) => b.score - a.score || a.passage.ref - b.passage.ref);
  const best = quotes[0];
  if (!best) return undefined;
  const chosen = quotes.filter((q) => q.score >= best.score * 0.9 && q.sentence !== best.sentence).slice(0, 1);
  const lines = [best, ...chosen].map((q) => `From ${q.passage.label} [${q.passage.ref}]: "${q.sentence}"`);
  return lines.join('\n');
}

function bestSentence(question: string, text: string): { sentence: string; score: number } {
  const sentences = text
    .replace(/\s+/g, ' ')
    .split(/(?<=[.!?])\s+(?=[A-Z0-9"'(])/)
    .map((s) => s.trim())
    .filter(Boolean);
  let best = { sentence: '', score: 0 };
  for (const [i, sentence] of sentences.entries()) {
    const score = relevance(question, sentence);
    if (score > best.score) best = { sentence: clip(sentences[i]!), score };
  }
  return best;
}

const clip = (sentence: string) => (sentence.length > 400 ? `${sentence.slice(0, 400)}…` : sentence);
