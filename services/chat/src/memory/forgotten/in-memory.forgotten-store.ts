import type { Forgotten, ForgottenStore } from './forgotten.store.js';

/** The same contract as DynamoDB's `chat-forgotten`, in process: unit tests. */
export class InMemoryForgottenStore implements ForgottenStore {
  private readonly users = new Map<string, { ids: Map<string, string>; before?: string }>();

  add(userId: string, memoryIds: readonly string[], at: string): Promise<void> {
    const user = this.user(userId);
    for (const id of memoryIds) if (!user.ids.has(id)) user.ids.set(id, at);
    return Promise.resolve();
  }

  remove(userId: string, memoryIds: readonly string[]): Promise<void> {
    for (const id of memoryIds) this.users.get(userId)?.ids.delete(id);
    return Promise.resolve();
  }

  addEverything(userId: string, at: string): Promise<void> {
    const user = this.user(userId);
    if (!user.before || user.before < at) user.before = at;
    for (const [id, when] of user.ids) if (when <= at) user.ids.delete(id);
    return Promise.resolve();
  }

  of(userId: string): Promise<Forgotten> {
    const user = this.users.get(userId);
    if (!user) return Promise.resolve({ ids: new Set() });
    return Promise.resolve({ ids: new Set(user.ids.keys()), ...(user.before ? { before: user.before } : {}) });
  }

  erase(userId: string): Promise<number> {
    const user = this.users.get(userId);
    this.users.delete(userId);
    return Promise.resolve(user ? user.ids.size + (user.before ? 1 : 0) : 0);
  }

  private user(userId: string) {
    let user = this.users.get(userId);
    if (!user) this.users.set(userId, (user = { ids: new Map() }));
    return user;
  }
}
