import type { FederationState, FederationStateRepository } from './federation-state.repository.js';

/** Pending federations in memory, stored at the DynamoDB repository's precision (whole seconds). */
export class InMemoryFederationStateRepository implements FederationStateRepository {
  private readonly states = new Map<string, FederationState>();

  save(state: string, { pending, expiresAt }: FederationState): Promise<void> {
    this.states.set(state, { pending: { ...pending }, expiresAt: new Date(Math.floor(expiresAt.getTime() / 1000) * 1000) });
    return Promise.resolve();
  }

  find(state: string): Promise<FederationState | undefined> {
    return Promise.resolve(this.states.get(state));
  }

  take(state: string): Promise<FederationState | undefined> {
    const found = this.states.get(state);
    this.states.delete(state);
    return Promise.resolve(found);
  }
}
