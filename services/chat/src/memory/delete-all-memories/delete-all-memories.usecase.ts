import type { MemoryStore } from '../memory.store.js';

/** API.md `DELETE /memories`: everything the assistant remembers of the caller. */
export class DeleteAllMemoriesUseCase {
  constructor(
    private readonly memory: MemoryStore,
    private readonly onChange: (userId: string) => void,
  ) {}

  async execute(userId: string): Promise<{ deleted: true }> {
    await this.memory.forgetAll(userId);
    this.onChange(userId);
    return { deleted: true };
  }
}
