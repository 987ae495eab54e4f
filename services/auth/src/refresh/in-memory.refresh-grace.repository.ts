import type { TokenSet } from '@tasksensei/contracts';
import type { Clock } from '@tasksensei/platform';
import type { RefreshGraceEntry, RefreshGraceRepository } from './refresh-grace.repository.js';

type GraceStore = Pick<RefreshGraceRepository, 'find' | 'claim' | 'complete' | 'release'>;

/** The refresh grace entries as the DynamoDB repository keeps them (claimed once, expiring after the window), in memory. */
export class InMemoryRefreshGraceRepository implements GraceStore {
  private readonly entries = new Map<string, { entry: RefreshGraceEntry; expiresAt: number }>();

  constructor(private readonly deps: { readonly graceSeconds: number; readonly clock: Clock }) {}

  claim(refreshToken: string): Promise<boolean> {
    if (this.live(refreshToken)) return Promise.resolve(false);
    this.entries.set(refreshToken, { entry: { state: 'pending' }, expiresAt: this.expiry() });
    return Promise.resolve(true);
  }

  complete(refreshToken: string, tokens: TokenSet): Promise<void> {
    this.entries.set(refreshToken, { entry: { state: 'done', tokens }, expiresAt: this.expiry() });
    return Promise.resolve();
  }

  release(refreshToken: string): Promise<void> {
    this.entries.delete(refreshToken);
    return Promise.resolve();
  }

  find(refreshToken: string): Promise<RefreshGraceEntry | undefined> {
    return Promise.resolve(this.live(refreshToken)?.entry);
  }

  private live(refreshToken: string) {
    const stored = this.entries.get(refreshToken);
    return stored && stored.expiresAt > this.deps.clock.now().getTime() ? stored : undefined;
  }

  private expiry(): number {
    return this.deps.clock.now().getTime() + Math.max(1, this.deps.graceSeconds) * 1000;
  }
}
