import type { MemoryEntry } from './memory.store.js';

/** Where a page ends: the last item's sort key, opaque to clients. */
interface CursorKey {
  readonly createdAt: string;
  readonly id: string;
}

type Keyed = Pick<MemoryEntry, 'createdAt' | 'id'>;

/** Newest first; the id breaks ties so paging never skips or repeats an item. */
export const newestFirst = (a: Keyed, b: Keyed): number =>
  a.createdAt === b.createdAt ? (a.id < b.id ? 1 : a.id > b.id ? -1 : 0) : a.createdAt < b.createdAt ? 1 : -1;

export function encodeCursor(entry: Keyed): string {
  return Buffer.from(JSON.stringify({ createdAt: entry.createdAt, id: entry.id } satisfies CursorKey)).toString('base64url');
}

/** undefined for a cursor we did not make (the caller answers it as bad input). */
export function decodeCursor(cursor: string): CursorKey | undefined {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      typeof value === 'object' &&
      value &&
      typeof (value as CursorKey).createdAt === 'string' &&
      typeof (value as CursorKey).id === 'string'
    )
      return value as CursorKey;
  } catch {
    // not ours
  }
  return undefined;
}

export class InvalidCursorError extends Error {
  constructor() {
    super('the cursor is not one this service made');
    this.name = 'InvalidCursorError';
  }
}

/** One page of entries already sorted newest first, after the cursor. */
export function pageOf<T extends Keyed>(sorted: readonly T[], limit: number, cursor?: string): { items: T[]; next?: string } {
  let start = 0;
  if (cursor !== undefined) {
    const key = decodeCursor(cursor);
    if (!key) throw new InvalidCursorError();
    start = sorted.findIndex((entry) => newestFirst(entry, key) > 0);
    if (start < 0) start = sorted.length;
  }
  const items = sorted.slice(start, start + limit);
  const last = items.at(-1);
  return start + limit < sorted.length && last ? { items, next: encodeCursor(last) } : { items };
}
