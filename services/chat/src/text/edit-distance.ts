/**
 * Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions), cut
 * off above `max`: typo tolerance without the cost of a full matrix for hopeless pairs.
 */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows = a.length + 1;
  const cols = b.length + 1;
  let prevPrev = new Array<number>(cols).fill(0);
  let prev = Array.from({ length: cols }, (_, j) => j);
  for (let i = 1; i < rows; i++) {
    const current = new Array<number>(cols).fill(0);
    current[0] = i;
    let rowMin = current[0];
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(prev[j]! + 1, current[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, prevPrev[j - 2]! + 1);
      current[j] = value;
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return max + 1;
    prevPrev = prev;
    prev = current;
  }
  return prev[cols - 1]!;
}

/** How many typos a word of this length may carry and still count as the word. */
export function typoBudget(length: number): number {
  if (length >= 8) return 2;
  if (length >= 4) return 1;
  return 0;
}

/** True when `typed` is `word` or a plausible misspelling of it. */
export function fuzzyEquals(typed: string, word: string): boolean {
  if (typed === word) return true;
  const shorter = Math.min(typed.length, word.length);
  // A dropped letter makes a 4-letter word 3 long ("shw"): the longer one sets the budget.
  const budget = shorter < 3 ? 0 : Math.min(typoBudget(Math.max(typed.length, word.length)), typoBudget(shorter) + 1);
  // The first letter is rarely the typo; requiring it avoids "call" ~ "tall".
  return budget > 0 && typed[0] === word[0] && editDistance(typed, word, budget) <= budget;
}
