import { z } from 'zod';
import type { MemoryStore } from '../../memory/memory.store.js';
import { relevance } from '../../model/offline/memory-answer.js';
import type { Automation } from '../automation.js';

const schema = z
  .object({ query: z.string().trim().min(1).max(500).describe('What the user wants forgotten, in their words (e.g. "my home address").') })
  .strict();

/** Candidates looked at, and how much of the request a memory must speak to before it goes. */
const CANDIDATES = 20;
const MIN_RELEVANCE = 0.5;

/**
 * "forget that ...": deletes the user's remembered messages about something, found as a search
 * would find them (the store filters by user) and kept only when they really speak to it, so
 * "forget my address" does not erase everything that came up near it.
 */
export const forgetMemoryAutomation = (memory: MemoryStore): Automation<typeof schema> => ({
  name: 'forget_memory',
  description: 'Forget (delete from memory) what the user said before about something, when they ask you to forget it.',
  schema,
  async run(input, context) {
    const hits = await memory.search(context.userId, input.query, CANDIDATES);
    const ids = hits.filter((h) => relevance(input.query, h.text) >= MIN_RELEVANCE).map((h) => h.id);
    // The reply to the request goes too (it is not remembered, and must not be on a rebuild of the
    // memory either: it names what was forgotten); the request itself is the reply runner's.
    await memory.deleteByIds(context.userId, [...ids, context.messageId]);
    return { ok: true, query: input.query, forgotten: ids.length };
  },
  describe(input, result) {
    return result.ok
      ? `Forgot ${String(result.forgotten)} remembered message(s) about "${input.query}".`
      : `forget_memory failed: ${result.message}`;
  },
});
