import type { MessageRecord } from '../../conversations/message.store.js';
import { isForgotten, type Forgotten } from '../forgotten/forgotten.store.js';
import { memorableText } from '../memory-policy.js';
import type { MemoryEntry, MemoryStore } from '../memory.store.js';

/** Users whose erasures are kept at hand while the scan goes; beyond that they are read again. */
const USERS_CACHED = 10_000;

/**
 * Rebuilds the vector memory from the stored messages (DynamoDB chat-messages is the truth; Chroma
 * is an index of it): what the reply runner remembers, user messages and completed replies, never
 * tool lines, failed or unfinished replies, replies drawn from the user's files (cited), and, as
 * the reply runner does, never a presigned or checkout link (`memorableText`). What the user
 * erased (`forgotten`: single memories, "forget that ...", everything up to a time) stays out.
 * Upserts by message id, so running it twice, or while the service keeps remembering new
 * messages, is harmless.
 */
export async function rebuildMemory(
  pages: AsyncIterable<readonly MessageRecord[]>,
  memory: MemoryStore,
  forgotten: { of(userId: string): Promise<Forgotten> },
): Promise<{ scanned: number; remembered: number; skipped: number }> {
  const erasures = new Map<string, Promise<Forgotten>>();
  const erasedBy = (userId: string) => {
    let known = erasures.get(userId);
    if (!known) {
      if (erasures.size >= USERS_CACHED) erasures.clear();
      erasures.set(userId, (known = forgotten.of(userId)));
    }
    return known;
  };
  let scanned = 0;
  let remembered = 0;
  let skipped = 0;
  for await (const page of pages) {
    scanned += page.length;
    const candidates = page.filter(rememberable);
    const erased = await Promise.all(candidates.map(async (m) => isForgotten(await erasedBy(m.userId), m.messageId, m.createdAt)));
    const entries: MemoryEntry[] = candidates.filter((_, i) => !erased[i]).map(toEntry);
    skipped += candidates.length - entries.length;
    await memory.remember(entries);
    remembered += entries.length;
  }
  return { scanned, remembered, skipped };
}

/** What the reply runner remembers of a stored message. */
function rememberable(m: MessageRecord): boolean {
  if (!m.text?.trim()) return false;
  if (m.role === 'user') return true;
  return m.role === 'assistant' && m.state === 'completed' && !(m.citations && m.citations.length > 0);
}

function toEntry(m: MessageRecord): MemoryEntry {
  return {
    id: m.messageId,
    userId: m.userId,
    conversationId: m.conversationId,
    role: m.role as 'user' | 'assistant',
    text: memorableText(m.text),
    createdAt: m.createdAt,
  };
}
