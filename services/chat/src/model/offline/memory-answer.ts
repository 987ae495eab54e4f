import { fuzzyEquals } from '../../text/edit-distance.js';
import { GENERIC_WORDS, STOPWORDS, stem, words } from '../../text/tokens.js';
import { OfflineEmbeddings } from '../../memory/offline-embeddings.js';
import { sharedWordVectors } from '../../memory/word-vectors.js';
import { secondPerson } from './second-person.js';

export interface Remembered {
  readonly text: string;
  readonly role: 'user' | 'assistant';
}

const QUESTION_WORDS = new Set([
  'what',
  'where',
  'when',
  'who',
  'which',
  'how',
  'why',
  'whose',
  'whom',
  'much',
  'many',
  'long',
  'old',
  'remind',
  'recall',
  'remember',
  'again',
  'know',
  'tell',
]);
/** Words of preference and degree: they say how a question is asked, not what it is about. */
const SOFT_WORDS = new Set([
  'like',
  'love',
  'most',
  'best',
  'favourite',
  'favorite',
  'prefer',
  'usually',
  'really',
  'exactly',
  'currently',
]);

function keywords(text: string, focus = 1): { word: string; stem: string; weight: number }[] {
  const all = words(text);
  // "what city ...", "which writer ...", "what's my hometown": the thing asked for, named right after the question word.
  const wh = all.findIndex((w) => w === 'what' || w === 'which');
  const head =
    wh < 0
      ? -1
      : all.findIndex((w, i) => i > wh && !STOPWORDS.has(w) && !QUESTION_WORDS.has(w) && !GENERIC_WORDS.has(w) && !SOFT_WORDS.has(w));
  return all.flatMap((w, i) =>
    STOPWORDS.has(w) || QUESTION_WORDS.has(w)
      ? []
      : [{ word: w, stem: stem(w), weight: (GENERIC_WORDS.has(w) || SOFT_WORDS.has(w) ? 0.3 : 1) * rarity(w) * (i === head ? focus : 1) }],
  );
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

/**
 * Word-vector similarity below this says nothing; from it up to SURE it counts for more and more
 * (the vectors have their common directions removed, see scripts/build-word-vectors.mjs, so
 * unrelated words sit near 0 and these are lower than on the raw vectors).
 */
const RELATED = 0.15;
const SURE = 0.6;
/** A word that only means the same counts for less than the word itself. */
const RELATED_CAP = 0.85;

/**
 * How much a remembered word stands for a word of the question: 1 for the same word (typos
 * allowed), less for a related one by the word vectors ("spouse" and "husband").
 */
function closeness(wanted: { word: string; stem: string }, have: readonly { word: string; stem: string }[], forms: boolean): number {
  let best = 0;
  const vectors = sharedWordVectors();
  for (const h of have) {
    if (
      h.stem === wanted.stem ||
      fuzzyEquals(wanted.stem, h.stem) ||
      (wanted.stem.length >= 5 && (h.stem.startsWith(wanted.stem) || wanted.stem.startsWith(h.stem)))
    )
      return 1;
    const similarity = forms ? formSimilarity(wanted, h) : (vectors.similarity(wanted.word, h.word) ?? 0);
    if (similarity > RELATED) best = Math.max(best, Math.min(1, (similarity - RELATED) / (SURE - RELATED)) * RELATED_CAP);
  }
  return best;
}

/** The closest of the two words' forms the vectors know ("saturdays"/"saturday" against "weekend"). */
function formSimilarity(a: { word: string; stem: string }, b: { word: string; stem: string }): number {
  const vectors = sharedWordVectors();
  let best = -1;
  for (const x of new Set([a.word, a.stem]))
    for (const y of new Set([b.word, b.stem])) best = Math.max(best, vectors.similarity(x, y) ?? -1);
  return best;
}

/**
 * How much of the question a remembered message speaks to (0: nothing in common). For answering
 * (`answering`), the thing a what/which question asks for weighs more and word forms are compared
 * by their closest forms in the vectors; forgetting and documents use the plain measure.
 */
export function relevance(question: string, candidate: string, answering = false): number {
  const wanted = keywords(question, answering ? FOCUS : 1);
  const have = words(candidate)
    .filter((w) => !STOPWORDS.has(w))
    .map((w) => ({ word: w, stem: stem(w) }));
  if (wanted.length === 0) return 0;
  let score = 0;
  for (const w of wanted) score += w.weight * closeness(w, have, answering);
  return score / wanted.reduce((sum, w) => sum + w.weight, 0);
}

/** The thing a what/which question asks for weighs this much more than its other words. */
const FOCUS = 2;

/** How much the closeness in meaning of whole sentences adds to the overlap of their words. */
const MEANING = 0.3;
let embedding: OfflineEmbeddings | undefined;
const meaning = () => (embedding ??= new OfflineEmbeddings());

/** What a question asks for, by its question words: a candidate that holds no such thing is a weak answer. */
type AnswerKind = 'person' | 'place' | 'time' | 'amount' | 'frequency';

const WEEKDAYS = 'monday tuesday wednesday thursday friday saturday sunday weekend weekday';
const MONTHS = 'january february march april may june july august september october november december';
const TIME_WORDS = new Set(
  `${WEEKDAYS} ${WEEKDAYS.replace(/(\w+)/g, '$1s')} ${MONTHS} today tomorrow tonight yesterday morning afternoon evening night noon midnight`.split(
    ' ',
  ),
);
const FREQUENCY_WORDS = new Set(
  'every each daily weekly monthly yearly annually quarterly hourly nightly once twice quarter fortnight fortnightly'.split(' '),
);
const TIME_QUESTION_NOUNS = new Set('time day date month year hour week weekday season'.split(' '));

function answerKind(question: string): AnswerKind | undefined {
  const w = words(question);
  const first = w.findIndex(
    (x) => QUESTION_WORDS.has(x) && x !== 'remind' && x !== 'recall' && x !== 'remember' && x !== 'again' && x !== 'know' && x !== 'tell',
  );
  if (first < 0) return undefined;
  const [q, next] = [w[first], w[first + 1]];
  if (q === 'how' && (next === 'much' || next === 'many')) return 'amount';
  if (q === 'how' && next === 'often') return 'frequency';
  if (q === 'who' || q === 'whom' || q === 'whose') return 'person';
  if (q === 'where') return 'place';
  if (q === 'when' || ((q === 'what' || q === 'which') && next !== undefined && TIME_QUESTION_NOUNS.has(next))) return 'time';
  return undefined;
}

/** A capitalised word inside the sentence (not its first word, not "I"): a name of someone or somewhere. */
function hasName(text: string): boolean {
  const tokens = text.trim().split(/\s+/);
  return (
    tokens.slice(1).some((t) => /^[A-Z\u00C0-\u00DE][\p{L}'’.-]*/u.test(t) && !/^I(['’]|$)/.test(t)) ||
    /\b(dr|mr|mrs|ms|prof)\.?\s/i.test(text)
  );
}

function fits(kind: AnswerKind, text: string): boolean {
  const w = words(text);
  switch (kind) {
    case 'amount':
      return /\d/.test(text);
    case 'frequency':
      return w.some((x) => FREQUENCY_WORDS.has(x));
    case 'time':
      return /\d{1,2}(:\d\d)?\s*(am|pm|h)\b|\b\d{1,2}:\d\d\b|\b\d{4}\b/i.test(text) || w.some((x) => TIME_WORDS.has(x));
    case 'person':
    case 'place':
      return hasName(text);
  }
}

/** Words that open a request to the assistant ("add ...", "can you ..."), or a greeting: no fact about the user. */
const REQUEST_OPENERS = new Set(
  'add create make put remind schedule set mark complete finish tick list show give send find search look upgrade cancel delete remove forget change update rename upload book please can could would will hello hi hey thanks thank good bye goodbye'.split(
    ' ',
  ),
);

function isRequest(text: string): boolean {
  const first = words(text)[0];
  return first !== undefined && REQUEST_OPENERS.has(first);
}

/** A remembered message that holds what the question asks for counts for this much more. */
const FITS_BONUS = 0.3;
/** ... and one that cannot hold it, or is a request rather than a statement, for this share. */
const MISFIT = 0.6;
const REQUEST = 0.4;

/**
 * Answers a question about the user from what they said before (the recalled memories and the
 * earlier turns of this conversation), by the best overlap of content words (typos allowed),
 * closeness in meaning, and whether the message holds the kind of thing asked for (a name for
 * "who", a time for "when", a number for "how much"). The answer is their own statement said
 * back to them; nothing is made up when nothing fits.
 */
export function answerFromMemory(question: string, remembered: readonly Remembered[]): string | undefined {
  let best: { item: Remembered; score: number } | undefined;
  const self = aboutSelf(question);
  const kind = answerKind(question);
  remembered.forEach((item, rank) => {
    if (/\?\s*$/.test(item.text)) return;
    // Recall order breaks ties; the user's own words count more than the assistant's.
    let score =
      (relevance(question, item.text, true) + MEANING * meaning().semanticSimilarity(question, item.text)) *
        (item.role === 'user' ? 1 : 0.6) -
      rank * 0.001;
    if (self && score > 0 && /^(i|i'm|im|i've|i'd)\b/i.test(item.text.trim())) score += 0.1;
    if (kind) score = fits(kind, item.text) ? score + FITS_BONUS : score * MISFIT;
    if (isRequest(item.text)) score *= REQUEST;
    if (!best || score > best.score) best = { item, score };
  });
  if (!best || best.score < 0.3) return undefined;
  const statement = best.item.role === 'user' ? secondPerson(best.item.text) : best.item.text.replace(/[.!\s]+$/, '');
  return `From what you told me earlier: ${statement}.`;
}
