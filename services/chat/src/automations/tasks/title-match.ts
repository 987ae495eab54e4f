import { fuzzyEquals } from '../../text/edit-distance.js';
import { contentStems } from '../../text/tokens.js';

export interface TitleMatch<T> {
  readonly item: T;
  readonly score: number;
}

/**
 * How well a spoken reference ("the milk one", "renewing my passport") fits a task title:
 * the share of the reference's content words found in the title (typos allowed), balanced
 * with the share of the title covered. 1 is a perfect match.
 */
export function titleScore(reference: string, title: string): number {
  const wanted = contentStems(reference).filter((w) => w !== 'task' && w !== 'todo');
  const have = contentStems(title);
  if (wanted.length === 0 || have.length === 0) return 0;
  const found = wanted.filter((w) =>
    have.some((h) => h === w || fuzzyEquals(w, h) || (w.length >= 4 && (h.startsWith(w) || w.startsWith(h)))),
  ).length;
  const covered = have.filter((h) =>
    wanted.some((w) => h === w || fuzzyEquals(w, h) || (w.length >= 4 && (h.startsWith(w) || w.startsWith(h)))),
  ).length;
  const precision = found / wanted.length;
  const recall = covered / have.length;
  return precision + recall === 0 ? 0 : ((2 * precision * recall) / (precision + recall)) * 0.5 + precision * 0.5;
}

/** The best match above `threshold`, or the close candidates when two are nearly as good. */
export function bestTitleMatch<T>(
  reference: string,
  items: readonly T[],
  title: (item: T) => string,
  threshold = 0.5,
): { match?: TitleMatch<T>; ambiguous: TitleMatch<T>[] } {
  const scored = items
    .map((item) => ({ item, score: titleScore(reference, title(item)) }))
    .filter((m) => m.score >= threshold)
    .sort((a, b) => b.score - a.score);
  const [best, second] = scored;
  if (!best) return { ambiguous: [] };
  if (second && best.score - second.score < 0.05 && title(best.item).toLowerCase() !== title(second.item).toLowerCase()) {
    return { ambiguous: scored.filter((m) => best.score - m.score < 0.05) };
  }
  return { match: best, ambiguous: [] };
}
