import { EmailTakenError, type Account, type AccountRepository } from './account.repository.js';

type AccountStore = Pick<AccountRepository, 'create' | 'findByEmail' | 'findById' | 'findByFederatedId' | 'linkFederatedId' | 'update'>;

/** Accounts as the DynamoDB repository keeps them (an email taken once, a federated id linked once), in memory. */
export class InMemoryAccountRepository implements AccountStore {
  private readonly byId = new Map<string, Account>();
  private readonly federated = new Map<string, { userId: string; at: Date }>();

  create(account: Account): Promise<void> {
    if ([...this.byId.values()].some((a) => a.email === account.email)) return Promise.reject(new EmailTakenError(account.email));
    this.byId.set(account.userId, account);
    return Promise.resolve();
  }

  findByEmail(email: string): Promise<Account | undefined> {
    return Promise.resolve([...this.byId.values()].find((a) => a.email === email));
  }

  findById(userId: string): Promise<Account | undefined> {
    return Promise.resolve(this.byId.get(userId));
  }

  findByFederatedId(federatedId: string): Promise<Account | undefined> {
    const link = this.federated.get(federatedId);
    return Promise.resolve(link && this.byId.get(link.userId));
  }

  linkFederatedId(federatedId: string, userId: string, at: Date): Promise<void> {
    if (this.federated.has(federatedId)) return Promise.reject(new Error(`${federatedId} is linked already`));
    this.federated.set(federatedId, { userId, at });
    return Promise.resolve();
  }

  update(userId: string, changes: Parameters<AccountRepository['update']>[1]): Promise<void> {
    const account = this.byId.get(userId);
    if (!account) return Promise.reject(new Error(`no account ${userId}`));
    const next: Record<string, unknown> = { ...account };
    for (const [name, value] of Object.entries(changes)) {
      if (value === null) delete next[name];
      else if (value !== undefined) next[name] = value;
    }
    this.byId.set(userId, next as unknown as Account);
    return Promise.resolve();
  }

  /** When `federatedId` was linked (undefined when it is not). */
  linkedAt(federatedId: string): Date | undefined {
    return this.federated.get(federatedId)?.at;
  }
}
