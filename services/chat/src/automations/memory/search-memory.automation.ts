import { z } from 'zod';
import type { MemoryStore } from '../../memory/memory.store.js';
import type { Automation } from '../automation.js';

const schema = z.object({ query: z.string().trim().min(1).max(500).describe('What to look for in what the user said before.') }).strict();

const RESULTS = 5;

/** Searches the user's own earlier messages (all conversations); the store filters by user. */
export const searchMemoryAutomation = (memory: MemoryStore): Automation<typeof schema> => ({
  name: 'search_memory',
  description: "Search the user's earlier messages (all conversations) for something they said.",
  schema,
  async run(input, context) {
    const hits = await memory.search(context.userId, input.query, RESULTS);
    return {
      ok: true,
      query: input.query,
      results: hits.map((h) => ({ text: h.text, role: h.role, createdAt: h.createdAt, score: Math.round(h.score * 1000) / 1000 })),
    };
  },
  describe(input, result) {
    return result.ok
      ? `Searched memory for "${input.query}" (${String((result.results as unknown[]).length)} found).`
      : `search_memory failed: ${result.message}`;
  },
});
