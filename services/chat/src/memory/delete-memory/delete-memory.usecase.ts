import type { MemoryStore } from '../memory.store.js';

/** API.md `DELETE /memories/{memoryId}`: another user's memory answers `deleted: false` (404), untouched. */
export class DeleteMemoryUseCase {
  constructor(
    private readonly memory: MemoryStore,
    private readonly onChange: (userId: string) => void,
  ) {}

  async execute(userId: string, memoryId: string): Promise<{ deleted: boolean }> {
    const deleted = await this.memory.forget(userId, memoryId);
    if (deleted) this.onChange(userId);
    return { deleted };
  }
}
