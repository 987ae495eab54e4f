import type { Api } from './api/client.js';
import type { MembershipUpdate, Profile, PublicPlan } from './api/types.js';
import { Store } from './lib/store.js';

export interface AccountState {
  readonly profile?: Profile;
  readonly plans: readonly PublicPlan[];
  readonly error?: unknown;
}

/** The signed-in user's profile and the price sheet, shared by the header and the dashboard. */
export class Account {
  readonly store = new Store<AccountState>({ plans: [] });

  constructor(private readonly api: Api) {}

  async load(): Promise<void> {
    try {
      const [profile, plans] = await Promise.all([this.loadProfile(), this.api.plans()]);
      this.store.set({ profile, plans });
    } catch (error) {
      this.store.update((s) => ({ ...s, error }));
    }
  }

  setProfile(profile: Profile): void {
    this.store.update((s) => ({ ...s, profile, error: undefined }));
  }

  /** `membership.updated` from the socket: the plan changes on screen without a reload. */
  applyMembership(update: MembershipUpdate): void {
    this.store.update((s) =>
      s.profile
        ? {
            ...s,
            profile: {
              ...s.profile,
              membership: {
                tier: update.tier,
                status: update.status,
                ...(update.currentPeriodEnd ? { currentPeriodEnd: update.currentPeriodEnd } : {}),
              },
            },
          }
        : s,
    );
  }

  clear(): void {
    this.store.set({ plans: [] });
  }

  planOf(tier: string | undefined): PublicPlan | undefined {
    return this.store.value.plans.find((p) => p.id === tier);
  }

  /**
   * Right after sign-up the profile is created from the `user.registered` event, so the first
   * read may answer 404 for a moment.
   */
  private async loadProfile(): Promise<Profile> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await this.api.profile();
      } catch (error) {
        const status = (error as { status?: number }).status;
        if (status !== 404 || attempt >= 10) throw error;
        await new Promise((resolve) => setTimeout(resolve, 300 * (attempt + 1)));
      }
    }
  }
}
