import type { Clock } from '@tasksensei/platform';
import type { ExportedMemory, MemoryEntry, MemoryHit, MemoryPage, MemoryStore } from '../memory.store.js';
import { isForgotten, type ForgottenStore } from './forgotten.store.js';

/**
 * A message remembered this long after it was said is being remembered again (a regenerated
 * reply stores its user message once more): only such entries are checked against the erasures,
 * so a reply's own fresh messages cost no read.
 */
const REMEMBERED_AGAIN_AFTER_MS = 60_000;

/**
 * The memory store for erasures the user asks for (`DELETE /memories...`, "forget that ..."):
 * each is recorded in the ForgottenStore before the vectors go, so a rebuild of the memory from
 * the stored messages leaves it out. The record comes first: if deleting the vectors then fails,
 * the user is told and retries, and nothing erased can come back meanwhile. Cap trimming,
 * conversation and account deletion are not user erasures of memories and pass through unrecorded
 * (their messages go, or the cap applies again). A message the user erased and that is remembered
 * again later (a reply regenerated for it) is left out too.
 */
export class ErasureRecordingMemory implements MemoryStore {
  constructor(
    private readonly inner: MemoryStore,
    private readonly forgotten: ForgottenStore,
    private readonly clock: Clock,
  ) {}

  async forget(userId: string, memoryId: string): Promise<boolean> {
    await this.forgotten.add(userId, [memoryId], this.now());
    const deleted = await this.inner.forget(userId, memoryId);
    // Nothing of that id for this user: no record either (ids are free text from the client).
    if (!deleted) await this.forgotten.remove(userId, [memoryId]);
    return deleted;
  }

  async deleteByIds(userId: string, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.forgotten.add(userId, ids, this.now());
    await this.inner.deleteByIds(userId, ids);
  }

  async forgetAll(userId: string): Promise<void> {
    await this.forgotten.addEverything(userId, this.now());
    await this.inner.forgetAll(userId);
  }

  /** Stores the entries, except those remembered again (see REMEMBERED_AGAIN_AFTER_MS) that the user erased. */
  async remember(entries: readonly MemoryEntry[]): Promise<void> {
    const cutoff = this.clock.now().getTime() - REMEMBERED_AGAIN_AFTER_MS;
    const again = (e: MemoryEntry) => Date.parse(e.createdAt) < cutoff;
    if (!entries.some(again)) return this.inner.remember(entries);
    const users = [...new Set(entries.filter(again).map((e) => e.userId))];
    const erased = new Map(await Promise.all(users.map(async (u) => [u, await this.forgotten.of(u)] as const)));
    await this.inner.remember(entries.filter((e) => !again(e) || !isForgotten(erased.get(e.userId)!, e.id, e.createdAt)));
  }

  search(userId: string, query: string, limit: number): Promise<MemoryHit[]> {
    return this.inner.search(userId, query, limit);
  }

  forgetConversation(userId: string, conversationId: string): Promise<void> {
    return this.inner.forgetConversation(userId, conversationId);
  }

  list(userId: string, page: { readonly limit: number; readonly cursor?: string }): Promise<MemoryPage> {
    return this.inner.list(userId, page);
  }

  count(userId: string): Promise<number> {
    return this.inner.count(userId);
  }

  trim(userId: string, keep: number): Promise<number> {
    return this.inner.trim(userId, keep);
  }

  eraseUser(userId: string): Promise<number> {
    return this.inner.eraseUser(userId);
  }

  exportUser(userId: string): Promise<ExportedMemory[]> {
    return this.inner.exportUser(userId);
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}
