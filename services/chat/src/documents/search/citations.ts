import type { Citation } from '@tasksensei/contracts';
import type { DocumentHit } from '../chunks/document-chunk.js';

const REF = /\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]/g;

/**
 * The passages a reply cites by number (`[1]`, `[1, 3]`), as API.md `citations`: one per file
 * and page, in the order first cited. A number that names no passage given is ignored, so a
 * reply can only cite files the user owns.
 */
export function citationsIn(text: string, passages: readonly DocumentHit[]): Citation[] {
  const seen = new Set<string>();
  const citations: Citation[] = [];
  for (const match of text.matchAll(REF)) {
    for (const ref of match[1]!.split(',').map((n) => Number(n.trim()))) {
      const passage = passages[ref - 1];
      if (!passage) continue;
      const key = `${passage.fileId}:${passage.page ?? 0}`;
      if (seen.has(key)) continue;
      seen.add(key);
      citations.push({ fileId: passage.fileId, filename: passage.filename, ...(passage.page ? { page: passage.page } : {}) });
    }
  }
  return citations;
}
