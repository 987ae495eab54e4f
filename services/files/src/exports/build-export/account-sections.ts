import {
  BillingExportDataContract,
  ChatExportDataContract,
  UsersExportDataContract,
  type BillingExportData,
  type ChatExportData,
  type Profile,
} from '@tasksensei/contracts';
import type { NatsRequester } from '@tasksensei/platform';

/** What the other services hold for a user, each asked for its own part. */
export interface AccountSections {
  profile(userId: string): Promise<Profile | null>;
  chat(userId: string): Promise<ChatExportData>;
  billing(userId: string): Promise<BillingExportData>;
}

/** Generous: chat reads every conversation and memory of the user. */
const SECTION_TIMEOUT_MS = 60_000;

/**
 * Over NATS, as the files service itself (no user request is behind a background build): on the
 * subjects' internal twins, which only files may publish, naming the user it acts for.
 */
export class NatsAccountSections implements AccountSections {
  constructor(private readonly requester: NatsRequester) {}

  async profile(userId: string): Promise<Profile | null> {
    return (await this.requester.request(UsersExportDataContract, {}, { userSub: userId, timeoutMs: SECTION_TIMEOUT_MS })).profile;
  }

  chat(userId: string): Promise<ChatExportData> {
    return this.requester.request(ChatExportDataContract, {}, { userSub: userId, timeoutMs: SECTION_TIMEOUT_MS });
  }

  billing(userId: string): Promise<BillingExportData> {
    return this.requester.request(BillingExportDataContract, {}, { userSub: userId, timeoutMs: SECTION_TIMEOUT_MS });
  }
}
