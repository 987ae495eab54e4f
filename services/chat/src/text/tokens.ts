/** Lower case, accents folded, curly quotes straightened: what every comparison starts from. */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .toLowerCase();
}

/** Words of a text (letters and digits), folded; `dog's` gives `dog`, contractions lose their tail. */
export function words(text: string): string[] {
  return (fold(text).match(/[a-z0-9]+(?:'[a-z]+)?/g) ?? []).map((w) => w.replace(/'(s|re|ve|ll|d|m|t)$/, '')).filter(Boolean);
}

/** Function words: they carry no topic, so they weigh little in matching and retrieval. */
export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a an the and or but if of to in on at by for with about from into onto up down out over under again then than so as ' +
    'is am are was were be been being do does did doing have has had having will would shall should can could may might must ' +
    'i me my mine myself we us our ours you your yours he him his she her hers it its they them their this that these those ' +
    'what which who whom whose when where why how there here any some all no not just also very too please pls thanks thank ' +
    'hey hi hello ok okay yes yeah now still already ever'
  ).split(' '),
);

/** Words that appear in many facts ("my X is called Y"): a little weight, never the topic. */
export const GENERIC_WORDS: ReadonlySet<string> = new Set(
  'name named call called tell told say said know remember mention mentioned thing stuff like one get got go going want need'.split(' '),
);

/** A light suffix stripper: enough to meet `renewing`/`renew` and `books`/`book`, not a linguist. */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  if ((word.endsWith('ies') || word.endsWith('ied')) && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('ing') && word.length > 5) return undouble(word.slice(0, -3));
  if (word.endsWith('ed') && word.length > 4) return undouble(word.slice(0, -2));
  if (word.endsWith('es') && /(sh|ch|x|z|ss)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us')) return word.slice(0, -1);
  return word;
}

function undouble(word: string): string {
  return /([bdfgmnprt])\1$/.test(word) ? word.slice(0, -1) : word;
}

/** Content words, stemmed: what two phrasings of the same thing have in common. */
export function contentStems(text: string): string[] {
  return words(text)
    .filter((w) => !STOPWORDS.has(w))
    .map(stem);
}
