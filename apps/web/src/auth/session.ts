import type { TokenResponse } from '../api/types.js';

/** What this tab holds: the access token lives only here, in memory. */
export interface HeldTokens {
  readonly accessToken: string;
  readonly idToken?: string;
  /** Epoch ms; absolute, so tabs of one browser can compare what they hold. */
  readonly expiresAt: number;
  readonly lifetimeMs: number;
}

export type SessionState = 'unknown' | 'signed-in' | 'signed-out';

/** Messages between the tabs of one browser (BroadcastChannel). */
export type TabMessage =
  { readonly type: 'tokens'; readonly tokens: HeldTokens; readonly signIn: boolean } | { readonly type: 'signed-out' };

export interface TabChannel {
  postMessage(message: TabMessage): void;
  addEventListener(type: 'message', listener: (event: { data: TabMessage }) => void): void;
}

export interface SessionDeps {
  /** `POST /refresh` with the cookie; `unauthenticated` when the server refuses it (401). Throws when offline. */
  refresh(): Promise<TokenResponse | 'unauthenticated'>;
  /** Runs `task` while holding a lock shared by every tab (navigator.locks), so one refresh is in flight at a time. */
  withLock<T>(task: () => Promise<T>): Promise<T>;
  readonly channel?: TabChannel;
  now(): number;
  setTimer(callback: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

/** Refresh this long before expiry (or a quarter of a short lifetime). */
const MARGIN_MS = 60_000;
/** A token with less left than this is not sent: it could expire on the way. */
const MIN_LEFT_MS = 5_000;
const RETRY_MS = 10_000;

/**
 * The signed-in session of this tab. Refresh tokens rotate and a reused one (after a 5 s
 * grace) revokes the whole family, so the tabs never refresh at the same time: a refresh runs
 * under a lock shared by every tab, and its result is handed to the others, which adopt it
 * instead of refreshing themselves. Whoever waited for the lock finds the new tokens and stops.
 */
export class Session {
  private held: HeldTokens | undefined;
  private inFlight: Promise<HeldTokens | undefined> | undefined;
  private timer: unknown;
  private state: SessionState = 'unknown';
  private readonly listeners = new Set<(state: SessionState) => void>();

  constructor(private readonly deps: SessionDeps) {
    deps.channel?.addEventListener('message', ({ data }) => this.onTabMessage(data));
  }

  get current(): SessionState {
    return this.state;
  }

  get idToken(): string | undefined {
    return this.held?.idToken;
  }

  subscribe(listener: (state: SessionState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A valid access token, refreshed first when it is about to expire; undefined when signed out. */
  async accessToken(): Promise<string | undefined> {
    const held = this.held;
    if (held && this.usable(held)) return held.accessToken;
    return (await this.refresh(held?.accessToken))?.accessToken;
  }

  /**
   * Gets new tokens through `/refresh`, unless another tab already did while this one waited.
   * `stale` is the token the caller found wanting (expired, or refused with 401): it is never
   * handed back, while any other fresh token is.
   */
  refresh(stale?: string): Promise<HeldTokens | undefined> {
    this.inFlight ??= this.deps
      .withLock(async () => {
        const held = this.held;
        if (held && held.accessToken !== stale && this.usable(held)) return held;
        const answer = await this.deps.refresh();
        if (answer === 'unauthenticated') {
          this.signedOut(true);
          return undefined;
        }
        return this.accept(answer, false);
      })
      .finally(() => {
        this.inFlight = undefined;
      });
    return this.inFlight;
  }

  /** Takes the tokens of a code exchange (`signIn`) or a refresh, and tells the other tabs. */
  accept(response: TokenResponse, signIn: boolean): HeldTokens {
    const tokens: HeldTokens = {
      accessToken: response.access_token,
      ...(response.id_token ? { idToken: response.id_token } : {}),
      expiresAt: this.deps.now() + response.expires_in * 1000,
      lifetimeMs: response.expires_in * 1000,
    };
    this.adopt(tokens);
    this.deps.channel?.postMessage({ type: 'tokens', tokens, signIn });
    return tokens;
  }

  /** Forgets the tokens here and in every tab (after `/logout`, or when the server refused the refresh). */
  signedOut(broadcast: boolean): void {
    this.held = undefined;
    this.deps.clearTimer(this.timer);
    if (broadcast) this.deps.channel?.postMessage({ type: 'signed-out' });
    this.setState('signed-out');
  }

  private onTabMessage(message: TabMessage): void {
    if (message.type === 'signed-out') {
      if (this.state !== 'signed-out') this.signedOut(false);
      return;
    }
    // A signed-out tab follows a new sign-in elsewhere, but not a refresh: that could be one
    // racing with the sign-out itself. Otherwise a newer token replaces an older one.
    if (this.state === 'signed-out' && !message.signIn) return;
    if (!this.held || message.tokens.expiresAt > this.held.expiresAt) this.adopt(message.tokens);
  }

  private adopt(tokens: HeldTokens): void {
    this.held = tokens;
    this.schedule(tokens);
    this.setState('signed-in');
  }

  private usable(tokens: HeldTokens): boolean {
    return tokens.expiresAt - this.deps.now() > MIN_LEFT_MS;
  }

  private schedule(tokens: HeldTokens): void {
    this.deps.clearTimer(this.timer);
    const margin = Math.min(MARGIN_MS, tokens.lifetimeMs / 4);
    const wait = Math.max(tokens.expiresAt - this.deps.now() - margin, 1_000);
    this.timer = this.deps.setTimer(() => this.refreshInBackground(tokens.accessToken), wait);
  }

  private refreshInBackground(stale: string): void {
    this.refresh(stale).catch(() => {
      // Offline: the token is still good for a while; try again shortly.
      if (this.held) this.timer = this.deps.setTimer(() => this.refreshInBackground(stale), RETRY_MS);
    });
  }

  private setState(state: SessionState): void {
    if (state === this.state) return;
    this.state = state;
    for (const listener of this.listeners) listener(state);
  }
}
