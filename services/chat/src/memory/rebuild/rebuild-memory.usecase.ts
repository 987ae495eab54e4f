import type { MessageRecord } from '../../conversations/message.store.js';
import { memorableText } from '../memory-policy.js';
import type { MemoryEntry, MemoryStore } from '../memory.store.js';

/**
 * Rebuilds the vector memory from the stored messages (DynamoDB chat-messages is the truth; Chroma
 * is an index of it): what the reply runner remembers, user messages and completed replies, never
 * tool lines, failed or unfinished replies, and, as the reply runner does, never a presigned or
 * checkout link (`memorableText`). Upserts by message id, so running it twice, or while
 * the service keeps remembering new messages, is harmless.
 */
export async function rebuildMemory(
  pages: AsyncIterable<readonly MessageRecord[]>,
  memory: MemoryStore,
): Promise<{ scanned: number; remembered: number }> {
  let scanned = 0;
  let remembered = 0;
  for await (const page of pages) {
    scanned += page.length;
    const entries: MemoryEntry[] = page
      .filter((m) => m.text && (m.role === 'user' || (m.role === 'assistant' && m.state === 'completed')))
      .map((m) => ({
        id: m.messageId,
        userId: m.userId,
        conversationId: m.conversationId,
        role: m.role as 'user' | 'assistant',
        text: memorableText(m.text),
        createdAt: m.createdAt,
      }));
    await memory.remember(entries);
    remembered += entries.length;
  }
  return { scanned, remembered };
}
